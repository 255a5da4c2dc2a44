package io.tributary.control.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final byte[] SEED =
      "SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4"
          .getBytes(StandardCharsets.US_ASCII);

  @Test
  void sealsAndOpensWithAFreshDataKeyEachTime() {
    SecretBox box = new SecretBox(key(), 1);
    SecretBox.Sealed a = box.seal(SEED);
    SecretBox.Sealed b = box.seal(SEED);
    assertThat(box.open(a)).isEqualTo(SEED);
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    assertThat(a.wrappedKey()).isNotEqualTo(b.wrappedKey());
    assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("SUAI");
  }

  @Test
  void alteredDataOrAnotherMasterKeyFailsClearly() {
    SecretBox box = new SecretBox(key(), 1);
    SecretBox.Sealed s = box.seal(SEED);
    byte[] altered = s.ciphertext().clone();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> box.open(new SecretBox.Sealed(1, s.wrappedKey(), altered)))
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("does not authenticate");
    assertThatThrownBy(() -> new SecretBox(key(), 1).open(s))
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("does not authenticate");
    assertThatThrownBy(() -> box.open(new SecretBox.Sealed(1, new byte[3], s.ciphertext())))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> new SecretBox(new byte[16], 1)).hasMessageContaining("32 bytes");
  }

  @Test
  void rotationRewrapsTheDataKeyAndKeepsTheCiphertext() {
    SecretBox old = new SecretBox(key(), 1);
    SecretBox next = new SecretBox(key(), 2);
    SecretBox.Sealed s = old.seal(SEED);
    SecretBox.Sealed moved = old.rewrap(s, next);
    assertThat(moved.keyVersion()).isEqualTo(2);
    assertThat(moved.ciphertext()).isEqualTo(s.ciphertext());
    assertThat(next.open(moved)).isEqualTo(SEED);
    assertThatThrownBy(() -> next.open(s)).hasMessageContaining("version 1");
  }

  private static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }
}
