package io.tributary.control.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Accounts through the REST API: the happy path and every refusal, with nothing written on one. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AccountApiIT {
  @Inject EntityManager em;
  private String token;

  @BeforeEach
  void login() {
    token = Api.adminToken();
  }

  @Test
  void createReadChangeDelete() {
    api()
        .body(Map.of("name", "acme", "description", "Acme Corp", "limits", Map.of("conn", 100)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .header("Location", endsWith("/api/v1/accounts/acme"))
        .header("ETag", "\"1\"")
        .body("limits.conn", equalTo(100))
        .body("limits.subs", equalTo(-1))
        .body("limits.diskStorage", equalTo(0));
    String jwt = api().accept(ContentType.TEXT).get("/api/v1/accounts/acme/jwt").asString();
    String operatorJwt = api().get("/api/v1/operator").path("jwt");
    long now = Instant.now().getEpochSecond();
    var verdict = TrustedOperators.fromJwts(List.of(operatorJwt), now).verifyAccount(jwt, now);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    assertThat(verdict.value().name).isEqualTo("acme");
    assertThat(verdict.value().nats.limits.conn).isEqualTo(100);

    api().get("/api/v1/accounts").then().statusCode(200).body("items.name", hasItem("acme"));

    api()
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(428)
        .body("code", equalTo("precondition-required"));
    api()
        .header("If-Match", "\"7\"")
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(412)
        .body("code", equalTo("stale-version"));
    api()
        .header("If-Match", "\"1\"")
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("limits.conn", equalTo(5))
        .body("description", equalTo("Acme Corp"));
    String changed = api().accept(ContentType.TEXT).get("/api/v1/accounts/acme/jwt").asString();
    assertThat(JwtCodec.decode(changed, AccountClaims.class).nats.limits.conn).isEqualTo(5);
    assertThat(changed).isNotEqualTo(jwt);

    api().delete("/api/v1/accounts/acme").then().statusCode(204);
    api()
        .get("/api/v1/accounts/acme")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    assertThat(audit("acme")).containsExactly("account.create", "account.update", "account.delete");
  }

  @Test
  void refusalsWriteNothing() {
    api().body(Map.of("name", "globex")).post("/api/v1/accounts").then().statusCode(201);
    api()
        .body(Map.of("name", "globex"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(409)
        .body("code", equalTo("name-taken"));
    api()
        .body(Map.of("name", "Not Valid!"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("name"));
    api()
        .body("{\"name\": \"x\", \"limits\": {\"conn\": \"many\"}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-body"))
        .body("errors[0].field", equalTo("limits.conn"));
    api().get("/api/v1/accounts?size=0").then().statusCode(400);
    assertThat(audit("globex")).containsExactly("account.create");
    assertThat(count("select count(*) from account where name in ('globex', 'x')")).isEqualTo(1);
    given().get("/api/v1/accounts").then().statusCode(401);
  }

  private RequestSpecification api() {
    return Api.as(token);
  }

  private List<Object> audit(String target) {
    return List.copyOf(
        em.createNativeQuery("select action from audit_log where target = ?1 order by id")
            .setParameter(1, target)
            .getResultList());
  }

  private long count(String sql) {
    return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
  }
}
