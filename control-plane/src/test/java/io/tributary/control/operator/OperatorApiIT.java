package io.tributary.control.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.testing.EmbeddedPostgresResource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The operator made on first start, served by the API, with its seeds sealed in PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class OperatorApiIT {
  @Inject EntityManager em;
  @Inject KeyCustody custody;
  @Inject OperatorService operators;

  @Test
  void theOperatorAndItsSystemAccountFormAValidChain() {
    OperatorResource.OperatorView op =
        given()
            .get("/api/v1/operator")
            .then()
            .statusCode(200)
            .extract()
            .as(OperatorResource.OperatorView.class);
    OperatorClaims claims = JwtCodec.decode(op.jwt(), OperatorClaims.class);
    assertThat(claims.subject).isEqualTo(op.publicKey());
    assertThat(claims.nats.systemAccount).isEqualTo(op.systemAccount());
    assertThat(claims.nats.signingKeys).containsExactlyElementsOf(op.signingKeys());
    long now = Instant.now().getEpochSecond();
    assertThat(
            TrustedOperators.fromJwts(List.of(op.jwt()), now)
                .verifyAccount(op.systemAccountJwt(), now)
                .isAccepted())
        .isTrue();
    // The same operator on every call: it is made once and kept.
    assertThat(given().get("/api/v1/operator").jsonPath().getString("publicKey"))
        .isEqualTo(op.publicKey());
  }

  @Test
  void seedsAreStoredSealedAndOpenToTheRightKeys() {
    OperatorEntity op = operators.bootstrap();
    List<?> rows = em.createNativeQuery("select ciphertext from secret").getResultList();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(4); // the operator's four, and any accounts
    for (Object r : rows) {
      // no seed text (S + key type + base32); two random letters like "SA" can occur in ciphertext
      assertThat(new String((byte[]) r, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContainPattern("S[OAU][A-Z2-7]{20}");
    }
    NKey identity = custody.load(op.identitySecretId);
    assertThat(identity.publicKey()).isEqualTo(op.publicKey);
    assertThat(custody.load(op.systemUserSecretId).publicKey()).isEqualTo(op.systemUser);
  }

  @Test
  void healthAndOpenApiAreServed() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }
}
