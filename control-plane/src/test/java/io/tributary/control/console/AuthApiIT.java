package io.tributary.control.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problem;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Login, bearer tokens and the error bodies of refused requests (401 and 403 included). */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AuthApiIT {
  @Inject EntityManager em;

  @Test
  void adminLogsInAndSeesItself() {
    String token = Api.adminToken();
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo("admin"))
        .body("role", equalTo("operator-admin"));
    List<Object> audit =
        List.copyOf(
            em.createNativeQuery("select action from audit_log where target = 'admin'")
                .getResultList());
    assertThat(audit).contains("console-user.create");
  }

  @Test
  void refusedRequestsGetProblemJsonWithAStableCode() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "admin", "password", "wrong"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-credentials"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "nobody", "password", "x"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(401)
        .body("code", equalTo("invalid-credentials"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("password", "x"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("username"));
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/v1/auth/login")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("malformed-body"));
  }

  @Test
  void theApiNeedsAValidToken() {
    given().get("/api/v1/me").then().statusCode(401);
    given().auth().oauth2("not.a.token").get("/api/v1/me").then().statusCode(401);
    String token = Api.adminToken();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    given().auth().oauth2(forged).get("/api/v1/me").then().statusCode(401);
  }

  /**
   * Every way of being refused a bearer token is a 401 problem with the catalogue's code, the
   * reason phrase as title, a detail that says which, and {@code WWW-Authenticate: Bearer}.
   */
  @Test
  void everyRefusedTokenIsAProblemWithTheBearerChallenge() {
    String admin = Api.adminToken();
    String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA";
    String expired =
        Jwt.issuer(TokenKeys.ISSUER)
            .subject("1")
            .upn("admin")
            .groups(Set.of("operator-admin"))
            .claim(LoginTokenCheck.TOKEN_VERSION, 0)
            .issuedAt(Instant.now().minus(Duration.ofHours(2)))
            .expiresAt(Instant.now().minus(Duration.ofHours(1)))
            .sign();
    String deleted = Api.consoleUser(admin, "au-deleted", "account-viewer");
    Api.as(admin).delete("/api/v1/console-users/au-deleted").then().statusCode(204);
    String oldVersion = Api.consoleUser(admin, "au-moved-on", "account-viewer");
    Api.as(admin)
        .body(Map.of("password", "reset-by-the-admin"))
        .patch("/api/v1/console-users/au-moved-on")
        .then()
        .statusCode(200);
    var minted =
        Api.as(admin)
            .body(Map.of("name", "au-revoked"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract();
    String revoked = minted.path("token");
    int revokedId = minted.path("id");
    Api.as(admin).delete("/api/v1/tokens/" + revokedId).then().statusCode(204);

    record Refused(String what, RequestSpecification request, String detail) {}
    List<Refused> cases =
        List.of(
            new Refused("no token", given(), "send Authorization: Bearer"),
            new Refused("another scheme", given().auth().preemptive().basic("admin", "x"), "send"),
            new Refused("malformed", given().auth().oauth2("not.a.token"), "not valid"),
            new Refused("forged", given().auth().oauth2(forged), "not valid"),
            new Refused("expired", given().auth().oauth2(expired), "expired"),
            new Refused("user deleted", given().auth().oauth2(deleted), "user is gone"),
            new Refused("password changed", given().auth().oauth2(oldVersion), "password changed"),
            new Refused("unknown API token", given().auth().oauth2("trb_nonsense"), "unknown"),
            new Refused("revoked API token", given().auth().oauth2(revoked), "revoked"));
    for (Refused r : cases) {
      for (String path : List.of("/api/v1/me", "/api/v1/accounts")) {
        r.request()
            .get(path)
            .then()
            .statusCode(401)
            .contentType(Problem.MEDIA_TYPE)
            .header("WWW-Authenticate", "Bearer")
            .body("type", equalTo("about:blank"))
            .body("title", equalTo("Unauthorized"))
            .body("status", equalTo(401))
            .body("code", equalTo(ApiProblem.UNAUTHENTICATED.code()))
            .body("detail", containsString(r.detail()));
      }
    }
    // a write without a token: the same 401 (not a 400 about its body)
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "au-nobody"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", "Bearer")
        .body("code", equalTo("unauthenticated"));
    // a wrong password is a 401 too, with the challenge every 401 has
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "admin", "password", "wrong"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("title", equalTo("Unauthorized"))
        .body("code", equalTo("invalid-credentials"));
  }

  /** A role that does not allow something is a 403 problem, without a challenge. */
  @Test
  void refusedRolesAreProblems() {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "au-acct")).post("/api/v1/accounts").then().statusCode(201);
    String viewer = Api.consoleUser(admin, "au-viewer", "account-viewer", "au-acct");
    String apiToken =
        Api.as(admin)
            .body(Map.of("name", "au-minter"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    record Forbidden(String code, RequestSpecification request, String method, String path) {}
    for (Forbidden f :
        List.of(
            new Forbidden(
                "forbidden",
                Api.as(viewer).body(Map.of("name", "au-other")),
                "POST",
                "/api/v1/accounts"),
            new Forbidden("forbidden", Api.as(viewer), "GET", "/api/v1/console-users"),
            new Forbidden(
                "read-only",
                Api.as(viewer).body(Map.of("name", "u1")),
                "POST",
                "/api/v1/accounts/au-acct/users"),
            new Forbidden(
                "token-cannot-mint",
                Api.as(apiToken).body(Map.of("name", "au-child")),
                "POST",
                "/api/v1/tokens"))) {
      f.request()
          .request(f.method(), f.path())
          .then()
          .statusCode(403)
          .contentType(Problem.MEDIA_TYPE)
          .header("WWW-Authenticate", nullValue())
          .body("title", equalTo("Forbidden"))
          .body("status", equalTo(403))
          .body("code", equalTo(f.code()))
          .body("detail", not(emptyOrNullString()));
    }
  }
}
