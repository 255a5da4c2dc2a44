package io.tributary.control.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Login, bearer tokens and the error bodies of refused requests. */
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
}
