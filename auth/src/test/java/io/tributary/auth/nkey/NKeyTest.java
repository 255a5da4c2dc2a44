package io.tributary.auth.nkey;

import static io.tributary.auth.SpecVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NKeyTest {
  /** A key made by the JDK's Ed25519 becomes an NKey that checks the JDK's signatures. */
  @Test
  void aJdkKeyIsAPublicKey() throws Exception {
    java.security.KeyPair pair =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] x509 = pair.getPublic().getEncoded();
    NKey key =
        NKey.ofRawPublicKey(
            NKeyType.SERVER, java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    assertThat(NKey.isValidPublicKey(key.publicKey(), NKeyType.SERVER)).isTrue();
    java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    byte[] data = "nonce".getBytes(StandardCharsets.UTF_8);
    signer.update(data);
    assertThat(NKey.fromPublicKey(key.publicKey()).verify(data, signer.sign())).isTrue();
    assertThatThrownBy(() -> NKey.ofRawPublicKey(NKeyType.SERVER, new byte[31]))
        .isInstanceOf(NKeyException.class);
  }

  @Test
  void crc16HasTheXmodemCheckValue() {
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc16.checksum(data, 0, data.length)).isEqualTo(0x31C3);
  }

  @Test
  void specSeedsGiveSpecPublicKeys() {
    assertThat(NKey.fromSeed(OPERATOR_SEED).publicKey()).isEqualTo(OPERATOR_PUB);
    assertThat(NKey.fromSeed(ACCOUNT_SEED).publicKey()).isEqualTo(ACCOUNT_PUB);
    assertThat(NKey.fromSeed(USER_SEED).publicKey()).isEqualTo(USER_PUB);
    assertThat(NKey.fromSeed(USER_SEED).privateKey()).isEqualTo(USER_PRIVATE);
    assertThat(NKey.fromSeed(OPERATOR_SEED).rawPublicKey())
        .isEqualTo(
            HexFormat.of()
                .parseHex("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"));
  }

  @Test
  void rawSeedsEncodeToSpecSeeds() {
    assertThat(NKey.fromRawSeed(NKeyType.OPERATOR, range(0x00)).seed()).isEqualTo(OPERATOR_SEED);
    assertThat(NKey.fromRawSeed(NKeyType.USER, range(0x40)).seed()).isEqualTo(USER_SEED);
    assertThat(NKey.fromRawSeed(NKeyType.SERVER, range(0x60)).publicKey()).isEqualTo(SERVER_PUB);
  }

  @Test
  void nonceSignatureMatchesSpec() {
    byte[] sig = NKey.fromSeed(USER_SEED).sign(NONCE);
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(sig))
        .isEqualTo(NONCE_SIG_RAW_URL);
    assertThat(Base64.getEncoder().encodeToString(sig)).isEqualTo(NONCE_SIG_STD);
    NKey pub = NKey.fromPublicKey(USER_PUB);
    assertThat(pub.verify(NONCE.getBytes(StandardCharsets.UTF_8), sig)).isTrue();
    sig[0] ^= 1;
    assertThat(pub.verify(NONCE.getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    assertThat(pub.verify(NONCE.getBytes(StandardCharsets.UTF_8), new byte[3])).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = NKeyType.class,
      names = {"CURVE"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyTypeRoundTrips(NKeyType type) {
    NKey key = NKey.generate(type);
    assertThat(key.publicKey()).hasSize(56).startsWith(String.valueOf(type.letter()));
    assertThat(key.seed()).hasSize(58).startsWith("S" + type.letter());
    NKey again = NKey.fromSeed(key.seed(), type);
    assertThat(again.publicKey()).isEqualTo(key.publicKey());
    NKey pub = NKey.fromPublicKey(key.publicKey(), type);
    assertThat(pub.hasSeed()).isFalse();
    byte[] data = {1, 2, 3};
    assertThat(pub.verify(data, key.sign(data))).isTrue();
    assertThat(NKey.isValidPublicKey(key.publicKey(), type)).isTrue();
  }

  @Test
  void wrongTypeSaysWhichTypes() {
    assertThatThrownBy(() -> NKey.fromPublicKey(ACCOUNT_PUB, NKeyType.USER))
        .isInstanceOfSatisfying(
            NKeyException.class,
            e -> assertThat(e.reason()).isEqualTo(NKeyException.Reason.WRONG_TYPE))
        .hasMessageContaining("expected a user key, got an account key");
    assertThat(NKey.isValidPublicKey(ACCOUNT_PUB, NKeyType.USER)).isFalse();
  }

  @Test
  void corruptKeysGiveTypedReasons() {
    String flipped =
        USER_PUB.substring(0, 10)
            + (USER_PUB.charAt(10) == 'A' ? 'B' : 'A')
            + USER_PUB.substring(11);
    assertReason(() -> NKey.fromPublicKey(flipped), NKeyException.Reason.BAD_CHECKSUM);
    assertReason(() -> NKey.fromPublicKey(USER_PUB.substring(1)), NKeyException.Reason.BAD_LENGTH);
    assertReason(
        () -> NKey.fromPublicKey(USER_PUB.toLowerCase()), NKeyException.Reason.BAD_CHARACTER);
    assertReason(
        () -> NKey.fromPublicKey(USER_PUB.replace('2', '1')), NKeyException.Reason.BAD_CHARACTER);
    assertReason(() -> NKey.fromPublicKey(""), NKeyException.Reason.EMPTY);
    assertReason(() -> NKey.fromPublicKey(null), NKeyException.Reason.EMPTY);
    assertReason(() -> NKey.fromSeed(USER_PUB), NKeyException.Reason.BAD_LENGTH);
    assertReason(() -> NKey.fromSeed(USER_SEED, NKeyType.ACCOUNT), NKeyException.Reason.WRONG_TYPE);
    assertReason(
        () -> NKey.fromPublicKey(USER_PUB).sign(new byte[1]), NKeyException.Reason.NO_SEED);
    assertReason(() -> NKey.fromPublicKey(USER_PUB).seed(), NKeyException.Reason.NO_SEED);
  }

  @Test
  void aSeedIsNotAPublicKey() {
    // A 56-character string that decodes with a valid CRC but carries the seed prefix.
    byte[] raw = new byte[35];
    raw[0] = (byte) (18 << 3);
    int crc = Crc16.checksum(raw, 0, 33);
    raw[33] = (byte) crc;
    raw[34] = (byte) (crc >> 8);
    assertReason(() -> NKey.fromPublicKey(Base32.encode(raw)), NKeyException.Reason.BAD_PREFIX);
  }

  @Test
  void toStringNeverShowsTheSeed() {
    NKey key = NKey.generate(NKeyType.USER);
    assertThat(key.toString()).isEqualTo(key.publicKey()).doesNotContain(key.seed());
  }

  @Test
  void curveKeysCannotSign() {
    assertReason(() -> NKey.generate(NKeyType.CURVE), NKeyException.Reason.WRONG_TYPE);
  }

  private static byte[] range(int start) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (start + i);
    }
    return b;
  }

  private static void assertReason(Runnable r, NKeyException.Reason reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(NKeyException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
