package io.tributary.control.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * Console users and API tokens: roles and accounts apply at once (also to tokens already issued), a
 * token is shown once and kept only as a hash, acts as its owner, cannot make tokens, dies when
 * deleted, expired or when its owner is deleted; the last operator-admin cannot be removed.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ConsoleUsersAndTokensIT {
  @Test
  void consoleUsers() {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "cu-one")).post("/api/v1/accounts").then().statusCode(201);
    Api.as(admin)
        .body(Map.of("username", "cu-x", "password", "short", "role", "boss"))
        .post("/api/v1/console-users")
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("password", "role")));
    Api.as(admin)
        .body(
            Map.of(
                "username", "cu-x",
                "password", "long-enough-password",
                "role", "account-admin",
                "accounts", List.of("cu-nowhere")))
        .post("/api/v1/console-users")
        .then()
        .statusCode(422)
        .body("code", equalTo("unknown-account"));
    String viewer = Api.consoleUser(admin, "cu-viewer", "account-viewer", "cu-one");
    Api.as(admin)
        .body(
            Map.of(
                "username",
                "cu-viewer",
                "password",
                "long-enough-password",
                "role",
                "account-viewer"))
        .post("/api/v1/console-users")
        .then()
        .statusCode(409);
    Api.as(viewer)
        .body(Map.of("name", "u1"))
        .post("/api/v1/accounts/cu-one/users")
        .then()
        .statusCode(403);
    // promoted: the same login token may write at once
    Api.as(admin)
        .body(Map.of("role", "account-admin"))
        .patch("/api/v1/console-users/cu-viewer")
        .then()
        .statusCode(200)
        .body("role", equalTo("account-admin"))
        .body("accounts", equalTo(List.of("cu-one")));
    Api.as(viewer)
        .body(Map.of("name", "u1"))
        .post("/api/v1/accounts/cu-one/users")
        .then()
        .statusCode(201);
    // a non-admin changes its own password (with the current one: the answer has a new login
    // token, the old ones end), and nobody else's
    viewer =
        Api.as(viewer)
            .body(
                Map.of(
                    "password", "a-new-long-password",
                    "currentPassword", "password-of-cu-viewer"))
            .patch("/api/v1/console-users/cu-viewer")
            .then()
            .statusCode(200)
            .extract()
            .path("login.token");
    Api.login("cu-viewer", "a-new-long-password");
    Api.as(viewer)
        .body(Map.of("password", "a-new-long-password"))
        .patch("/api/v1/console-users/admin")
        .then()
        .statusCode(404);
    Api.as(admin).get("/api/v1/console-users").then().body("items.username", hasItem("cu-viewer"));
    // the last operator-admin stays
    Api.as(admin)
        .delete("/api/v1/console-users/admin")
        .then()
        .statusCode(409)
        .body("code", equalTo("last-operator-admin"));
    Api.as(admin)
        .body(Map.of("role", "account-viewer"))
        .patch("/api/v1/console-users/admin")
        .then()
        .statusCode(409);
    // deleted: its login token stops working at once
    Api.as(admin).delete("/api/v1/console-users/cu-viewer").then().statusCode(204);
    Api.as(viewer).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void apiTokens() {
    String admin = Api.adminToken();
    var minted =
        Api.as(admin)
            .body(Map.of("name", "ci", "ttl", 3600))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("token", startsWith("trb_"))
            .extract();
    String token = minted.path("token");
    long id = ((Number) minted.path("id")).longValue();
    Api.as(admin).body(Map.of("name", "ci")).post("/api/v1/tokens").then().statusCode(409);

    Api.as(token)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo("admin"))
        .body("apiToken", equalTo("ci"));
    Api.as(token).body(Map.of("name", "tk-acct")).post("/api/v1/accounts").then().statusCode(201);
    Api.as(token)
        .queryParam("action", "account.create")
        .queryParam("account", "tk-acct")
        .get("/api/v1/audit")
        .then()
        .body("items[0].actor", equalTo("admin[token:ci]"));
    Api.as(admin)
        .queryParam("actor", "admin")
        .queryParam("account", "tk-acct")
        .get("/api/v1/audit")
        .then()
        .body("total", equalTo(1));
    Api.as(token)
        .body(Map.of("name", "more"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(403)
        .body("code", equalTo("token-cannot-mint"));

    // listed without the secret, with when it was last used
    Map<String, Object> listed =
        Api.as(admin).get("/api/v1/tokens").jsonPath().getMap("items.find { it.name == 'ci' }");
    assertThat(listed).doesNotContainKey("token");
    assertThat((String) listed.get("prefix")).isEqualTo(token.substring(0, 10));
    assertThat(listed.get("lastUsedAt")).isNotNull();
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> ApiToken.<ApiToken>find("name", "ci").firstResult().hash))
        .isEqualTo(ApiTokenService.sha256(token))
        .doesNotContain(token);

    // a made-up token, an expired one and a deleted one are refused
    given().auth().oauth2("trb_" + "x".repeat(43)).get("/api/v1/me").then().statusCode(401);
    String expiring =
        Api.as(admin).body(Map.of("name", "short")).post("/api/v1/tokens").path("token");
    // (not used before it expires: a token that authenticated is trusted for 5 s without a query)
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ApiToken.update(
                    "expiresAt = ?1 where name = ?2", Instant.now().minusSeconds(1), "short"));
    Api.as(expiring).get("/api/v1/me").then().statusCode(401);
    Api.as(admin).delete("/api/v1/tokens/" + id).then().statusCode(204);
    Api.as(token).get("/api/v1/me").then().statusCode(401);
    Api.as(admin).delete("/api/v1/tokens/" + id).then().statusCode(404);

    // an account-admin's token is scoped as its owner, and dies with it
    String owner = Api.consoleUser(admin, "tk-owner", "account-admin", "tk-acct");
    String ownerToken =
        Api.as(owner).body(Map.of("name", "deploy")).post("/api/v1/tokens").path("token");
    Api.as(ownerToken)
        .get("/api/v1/accounts")
        .then()
        .body("items.name", equalTo(List.of("tk-acct")));
    Api.as(ownerToken).delete("/api/v1/accounts/tk-acct").then().statusCode(403);
    Api.as(ownerToken).get("/api/v1/tokens").then().body("items.name", equalTo(List.of("deploy")));
    Api.as(admin).delete("/api/v1/console-users/tk-owner").then().statusCode(204);
    Api.as(ownerToken).get("/api/v1/me").then().statusCode(401);
  }
}
