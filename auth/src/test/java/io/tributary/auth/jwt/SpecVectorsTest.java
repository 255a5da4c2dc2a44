package io.tributary.auth.jwt;

import static io.tributary.auth.SpecVectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.nkey.NKey;

/**
 * Ed25519 is deterministic, so a Go-compatible encoder reproduces the spec's signed tokens exactly.
 */
class SpecVectorsTest {
  private final NKey operator = NKey.fromSeed(OPERATOR_SEED);
  private final NKey account = NKey.fromSeed(ACCOUNT_SEED);

  @Test
  void operatorTokenIsByteIdentical() {
    OperatorClaims c = OperatorClaims.create(OPERATOR_PUB, "OP");
    c.nats.systemAccount = ACCOUNT_PUB;
    assertThat(JwtCodec.encode(c, operator, 1700000000)).isEqualTo(OPERATOR_JWT);
  }

  @Test
  void accountTokenIsByteIdentical() {
    AccountClaims c = AccountClaims.create(ACCOUNT_PUB, "ACC");
    String token = JwtCodec.encode(c, operator, 1700000001);
    String[] parts = token.split("\\.");
    assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
        .isEqualTo(ACCOUNT_PAYLOAD);
    assertThat(parts[2]).isEqualTo(ACCOUNT_SIGNATURE);
  }

  @Test
  void userTokenIsByteIdentical() {
    UserClaims c = UserClaims.create(USER_PUB, "USR");
    assertThat(JwtCodec.encode(c, account, 1700000002)).isEqualTo(USER_JWT);
  }

  @Test
  void decodesWhatItEncodes() {
    UserClaims u = JwtCodec.decode(USER_JWT, UserClaims.class);
    assertThat(u.subject).isEqualTo(USER_PUB);
    assertThat(u.issuer).isEqualTo(ACCOUNT_PUB);
    assertThat(u.nats.subs).isEqualTo(-1);
    OperatorClaims o = JwtCodec.decode(OPERATOR_JWT, OperatorClaims.class);
    assertThat(o.nats.systemAccount).isEqualTo(ACCOUNT_PUB);
  }

  @Test
  void jtiMatchesGoForARealToken() {
    OperatorClaims c = new OperatorClaims();
    c.issuedAt = 1616186201;
    c.issuer = "OD4M6IAAKQSM4DQSLWZIVBACYTYS2S6XQS7U67XXYXJ44ILNE35YPGJK";
    c.subject = c.issuer;
    c.name = "js-test";
    assertThat(JwtCodec.jti(c)).isEqualTo(GO_OPERATOR_JTI);
  }
}
