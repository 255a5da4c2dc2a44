package io.tributary.control.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * An operator-admin invites a tenant's admin: a one-time link with an expiry; the invitee sees what
 * it is for, chooses a username and password and is signed in as a console user of that account;
 * the link then works no more. Every step is audited.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class InvitationIT {
  private static Response invite(String token, Map<String, Object> body) {
    return Api.as(token).body(body).post("/api/v1/invitations");
  }

  private static Response anonymous(String path, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).post(path);
  }

  @Test
  void anInviteeBecomesTheAccountsAdminOnce() {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "invited")).post("/api/v1/accounts").then().statusCode(201);
    Response made = invite(admin, Map.of("account", "invited", "note", "for Ada"));
    made.then()
        .statusCode(201)
        .body("role", equalTo("account-admin"))
        .body("link", startsWith("/invite#"))
        .body("expiresAt", notNullValue());
    String token = made.path("token");
    assertThat(token).hasSizeGreaterThanOrEqualTo(43);

    anonymous("/api/v1/auth/invitation", Map.of("token", token))
        .then()
        .statusCode(200)
        .body("account", equalTo("invited"))
        .body("role", equalTo("account-admin"))
        .body("invitedBy", equalTo("admin"));

    // a too short password is a field error; nothing is used up
    anonymous(
            "/api/v1/auth/invitation/accept",
            Map.of("token", token, "username", "ada", "password", "short"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("password"));
    // a username that is taken: 409, the invitation stays open
    anonymous(
            "/api/v1/auth/invitation/accept",
            Map.of("token", token, "username", "admin", "password", "a-long-enough-password"))
        .then()
        .statusCode(409)
        .body("code", equalTo("name-taken"));

    Response accepted =
        anonymous(
            "/api/v1/auth/invitation/accept",
            Map.of("token", token, "username", "ada", "password", "a-long-enough-password"));
    accepted
        .then()
        .statusCode(200)
        .body("username", equalTo("ada"))
        .body("role", equalTo("account-admin"))
        .body("accounts", equalTo(java.util.List.of("invited")))
        .body("csrfToken", notNullValue());
    assertThat(accepted.getDetailedCookie(SessionCookieMechanism.COOKIE).isHttpOnly()).isTrue();
    given()
        .cookie(SessionCookieMechanism.COOKIE, accepted.getCookie(SessionCookieMechanism.COOKIE))
        .get("/api/v1/accounts/invited")
        .then()
        .statusCode(200);
    // and with the password chosen
    Api.login("ada", "a-long-enough-password");

    for (String path : new String[] {"/api/v1/auth/invitation", "/api/v1/auth/invitation/accept"}) {
      anonymous(
              path, Map.of("token", token, "username", "eve", "password", "another-long-password"))
          .then()
          .statusCode(410)
          .body("code", equalTo("invitation-closed"));
    }
    Api.as(admin)
        .get("/api/v1/invitations")
        .then()
        .body("items.find { it.account == 'invited' }.state", equalTo("accepted"))
        .body("items.find { it.account == 'invited' }.acceptedBy", equalTo("ada"));
    Api.as(admin)
        .queryParam("account", "invited")
        .get("/api/v1/audit")
        .then()
        .body("items.action", hasItems("invitation.create", "invitation.accept"));
  }

  @Test
  void expiredRevokedUnknownAndNotAnAdmin() {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "invited-2")).post("/api/v1/accounts").then().statusCode(201);
    Response made = invite(admin, Map.of("account", "invited-2", "role", "account-viewer"));
    String token = made.path("token");
    long id = made.jsonPath().getLong("id");
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                Invitation.update(
                    "expiresAt = ?1 where id = ?2", java.time.Instant.now().minusSeconds(1), id));
    anonymous("/api/v1/auth/invitation", Map.of("token", token))
        .then()
        .statusCode(410)
        .body("detail", org.hamcrest.Matchers.containsString("expired"));

    String open = invite(admin, Map.of("account", "invited-2")).path("token");
    long openId = invite(admin, Map.of("account", "invited-2")).jsonPath().getLong("id");
    Api.as(admin).delete("/api/v1/invitations/" + openId).then().statusCode(204);
    Api.as(admin).delete("/api/v1/invitations/" + openId).then().statusCode(404);
    anonymous("/api/v1/auth/invitation", Map.of("token", open)).then().statusCode(200);
    anonymous("/api/v1/auth/invitation", Map.of("token", "not-a-token"))
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));

    invite(admin, Map.of("account", "no-such-account"))
        .then()
        .statusCode(422)
        .body("code", equalTo("unknown-account"));
    invite(admin, Map.of("account", "invited-2", "role", "operator-admin"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("role"));
    String tenant = Api.consoleUser(admin, "invited-2-admin", "account-admin", "invited-2");
    invite(tenant, Map.of("account", "invited-2"))
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
    Api.as(tenant).get("/api/v1/invitations").then().statusCode(403);
  }
}
