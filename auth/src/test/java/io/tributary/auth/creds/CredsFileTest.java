package io.tributary.auth.creds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.Tampering;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;

class CredsFileTest {
  private final TestUser user = new TestOperator().account("a").user("app");

  @Test
  void formatIsTheCanonicalGoText() {
    String jwt = user.jwt();
    String creds = CredsFile.format(jwt, user.key);
    assertThat(creds)
        .isEqualTo(
            "-----BEGIN NATS USER JWT-----\n"
                + jwt
                + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n"
                + "NKEYs are sensitive and should be treated as secrets.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n"
                + user.key.seed()
                + "\n------END USER NKEY SEED------\n\n"
                + "*************************************************************\n");
    assertThat(creds).doesNotContain("\r");
  }

  @Test
  void parsesCanonicalCrlfAndBareForms() {
    String jwt = user.jwt();
    String creds = CredsFile.format(jwt, user.key);
    assertThat(CredsFile.parse(creds).jwt()).isEqualTo(jwt);
    Creds crlf = CredsFile.parse(creds.replace("\n", "\r\n"));
    assertThat(crlf.userKey().publicKey()).isEqualTo(user.key.publicKey());
    assertThat(
            CredsFile.parse("# my creds\n" + jwt + "\n\n" + user.key.seed() + "\n").claims().name)
        .isEqualTo("app");
    // nats.js writes no closing star line; still fine.
    assertThat(CredsFile.parse(creds.substring(0, creds.lastIndexOf("****")))).isNotNull();
  }

  @Test
  void refusesMissingOrMismatchedParts() {
    String jwt = user.jwt();
    assertReason("", CredsException.Reason.NO_JWT);
    assertReason(jwt, CredsException.Reason.NO_SEED);
    String otherSeed = new TestOperator().account("b").user("x").key.seed();
    assertReason(
        CredsFile.format(jwt, user.key).replace(user.key.seed(), otherSeed),
        CredsException.Reason.KEY_MISMATCH);
    assertReason(
        CredsFile.format(jwt, user.key).replace(user.key.seed(), "SU" + "A".repeat(56)),
        CredsException.Reason.BAD_SEED);
    String tampered = Tampering.badSignature(jwt);
    assertReason(
        CredsFile.format(jwt, user.key).replace(jwt, tampered), CredsException.Reason.BAD_JWT);
    assertReason(
        CredsFile.format(jwt, user.key).replace(jwt, user.account.jwt()),
        CredsException.Reason.BAD_JWT);
  }

  @Test
  void toStringHidesTheSeed() {
    Creds c = CredsFile.parse(CredsFile.format(user.jwt(), user.key));
    assertThat(c.toString()).doesNotContain(user.key.seed());
  }

  private static void assertReason(String text, CredsException.Reason reason) {
    assertThatThrownBy(() -> CredsFile.parse(text))
        .isInstanceOfSatisfying(
            CredsException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
