package io.tributary.control.console;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * Login tokens belong to one console user, not to its name, and to its password: a deleted user's
 * token stays dead when the name comes back; a password change (own, with the current password, or
 * an admin's reset) ends the user's other login sessions, keeps its API tokens and lists them.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SessionsAndPasswordsIT {
  private static final String USERS = "/api/v1/console-users/";

  @Test
  void aLoginTokenDiesWithItsUserEvenWhenTheNameComesBack() {
    String admin = Api.adminToken();
    String first = Api.consoleUser(admin, "sp-reborn", "account-viewer");
    Api.as(first).get("/api/v1/me").then().statusCode(200);
    Api.as(admin).delete(USERS + "sp-reborn").then().statusCode(204);
    Api.consoleUser(admin, "sp-reborn", "operator-admin");
    Api.as(first).get("/api/v1/me").then().statusCode(401);
    Api.as(first).get("/api/v1/console-users").then().statusCode(401);
    Api.as(admin).delete(USERS + "sp-reborn").then().statusCode(204);
  }

  @Test
  void changingYourPasswordNeedsTheCurrentOneAndEndsYourOtherSessions() {
    String admin = Api.adminToken();
    String session = Api.consoleUser(admin, "sp-self", "account-viewer");
    String other = Api.login("sp-self", "password-of-sp-self");
    String apiToken =
        Api.as(session).body(Map.of("name", "sp-ci")).post("/api/v1/tokens").path("token");

    Api.as(session)
        .body(Map.of("password", "a-new-long-password"))
        .patch(USERS + "sp-self")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors.field", equalTo(List.of("currentPassword")));
    Api.as(session)
        .body(Map.of("password", "a-new-long-password", "currentPassword", "not-my-password"))
        .patch(USERS + "sp-self")
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("currentPassword")));
    Api.login("sp-self", "password-of-sp-self"); // unchanged

    String renewed =
        Api.as(session)
            .body(
                Map.of("password", "a-new-long-password", "currentPassword", "password-of-sp-self"))
            .patch(USERS + "sp-self")
            .then()
            .statusCode(200)
            .body("apiTokens.name", equalTo(List.of("sp-ci")))
            .body("apiTokens[0].id", notNullValue())
            .body("apiTokens[0].createdAt", notNullValue())
            .body("login.expiresAt", notNullValue())
            .extract()
            .path("login.token");
    Api.as(other).get("/api/v1/me").then().statusCode(401);
    Api.as(session).get("/api/v1/me").then().statusCode(401);
    Api.as(renewed).get("/api/v1/me").then().statusCode(200);
    Api.as(apiToken).get("/api/v1/me").then().statusCode(200); // separate credentials
    String later = Api.login("sp-self", "a-new-long-password");

    // an operator-admin's reset: no current password, and the user's sessions end too
    Api.as(admin)
        .body(Map.of("password", "reset-by-the-admin"))
        .patch(USERS + "sp-self")
        .then()
        .statusCode(200)
        .body("apiTokens.name", equalTo(List.of("sp-ci")))
        .body("login", nullValue());
    Api.as(later).get("/api/v1/me").then().statusCode(401);
    Api.as(renewed).get("/api/v1/me").then().statusCode(401);
    Api.as(admin).get("/api/v1/me").then().statusCode(200);
    Api.login("sp-self", "reset-by-the-admin");
    Api.as(admin).delete(USERS + "sp-self").then().statusCode(204);
  }
}
