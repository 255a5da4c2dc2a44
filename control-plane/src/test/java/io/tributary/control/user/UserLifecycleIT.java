package io.tributary.control.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

/**
 * A user's life through the API: limits within the account's (else 422), expiry policy, PATCH,
 * revoke (creds issued before stop working on nats-server, later ones work), rotate (new key, old
 * creds dead), delete (its creds die with it); the issuance history says which creds are revoked;
 * the audit log can be filtered by actor, account, action and time.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UserLifecycleIT {
  private static final String BASE = "/api/v1/accounts/life/users";

  @Test
  void limitsExpiryRevokeRotateDelete() throws Exception {
    String admin = Api.adminToken();
    Instant start = Instant.now();
    Api.as(admin)
        .body(Map.of("name", "life", "limits", Map.of("subs", 100, "payload", 65536, "exports", 1)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);

    // bounds the operator admin set
    Api.as(admin)
        .body(Map.of("name", "greedy", "limits", Map.of("subs", 1000)))
        .post(BASE)
        .then()
        .statusCode(422)
        .body("code", equalTo("limit-exceeded"));
    Api.as(admin)
        .body(Map.of("name", "x", "subject", "a.>", "type", "stream"))
        .post("/api/v1/accounts/life/exports")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "y", "subject", "b.>", "type", "stream"))
        .post("/api/v1/accounts/life/exports")
        .then()
        .statusCode(422)
        .body("code", equalTo("limit-exceeded"));
    // field errors for what is malformed
    Api.as(admin)
        .body(Map.of("name", "Bad Name", "limits", Map.of("subs", -7)))
        .post(BASE)
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors.field", equalTo(List.of("limits.subs", "name")));
    Api.as(admin)
        .body(
            Map.of(
                "name",
                "bad-subject",
                "permissions",
                Map.of("pub", Map.of("allow", List.of("a..b")))))
        .post(BASE)
        .then()
        .statusCode(422)
        .body("code", equalTo("invalid-user"));
    Api.as(admin).get(BASE + "/bad-subject").then().statusCode(404);

    Api.as(admin)
        .body(
            Map.of(
                "name", "app",
                "limits", Map.of("subs", 50),
                "tags", List.of("team:life"),
                "expiry", Map.of("defaultTtl", 3600, "maxTtl", 86400)))
        .post(BASE)
        .then()
        .statusCode(201)
        .body("limits.subs", equalTo(50));
    Api.as(admin)
        .accept(ContentType.TEXT)
        .body(Map.of("ttl", 90_000))
        .post(BASE + "/app/creds")
        .then()
        .statusCode(422)
        .body("code", equalTo("ttl-too-long"));
    String first = NatsClients.creds(admin, "life", "app");
    Api.as(admin)
        .get(BASE + "/app/issuances")
        .then()
        .body("items[0].expiresAt", not(equalTo(null)))
        .body("items[0].revoked", equalTo(false));
    Api.as(admin)
        .header("If-Match", "\"99\"")
        .body(Map.of("tags", List.of("team:life", "tier:gold")))
        .patch(BASE + "/app")
        .then()
        .statusCode(412);
    Api.as(admin)
        .body(Map.of("tags", List.of("team:life", "tier:gold")))
        .patch(BASE + "/app")
        .then()
        .statusCode(200)
        .body("tags", equalTo(List.of("team:life", "tier:gold")))
        .body("limits.subs", equalTo(50));

    // revoke: the creds issued so far stop working, new ones work
    Api.as(admin).post(BASE + "/app/revoke").then().statusCode(200);
    String second = NatsClients.creds(admin, "life", "app");
    Api.as(admin)
        .get(BASE + "/app/issuances")
        .then()
        .body("items.revoked", equalTo(List.of(false, true)));
    try (NatsServerProcess server = NatsServerProcess.start(NatsClients.serverConfig(admin))) {
      assertRefused(server, first);
      assertAccepted(server, second);
    }

    // rotate: a new key; every creds of the old key is dead
    String oldKey = Api.as(admin).get(BASE + "/app").path("publicKey");
    String newKey =
        Api.as(admin).post(BASE + "/app/rotate").then().statusCode(200).extract().path("publicKey");
    assertThat(newKey).isNotEqualTo(oldKey);
    String third = NatsClients.creds(admin, "life", "app");
    assertThat(CredsFile.parse(third).userKey().publicKey()).isEqualTo(newKey);
    try (NatsServerProcess server = NatsServerProcess.start(NatsClients.serverConfig(admin))) {
      assertRefused(server, second);
      assertAccepted(server, third);
    }

    // delete: its creds die with it
    Api.as(admin).delete(BASE + "/app").then().statusCode(204);
    try (NatsServerProcess server = NatsServerProcess.start(NatsClients.serverConfig(admin))) {
      assertRefused(server, third);
    }

    // the audit log, filtered
    Api.as(admin)
        .queryParam("account", "life")
        .queryParam("action", "user.revoke")
        .get("/api/v1/audit")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].actor", equalTo("admin"))
        .body("items[0].target", equalTo("life/app"));
    Api.as(admin)
        .queryParam("account", "life")
        .queryParam("from", start.toString())
        .queryParam("to", Instant.now().plusSeconds(1).toString())
        .get("/api/v1/audit")
        .then()
        .body(
            "items.action",
            equalTo(
                List.of(
                    "user.delete",
                    "user.creds",
                    "user.rotate",
                    "user.creds",
                    "user.revoke",
                    "user.update",
                    "user.creds",
                    "user.create",
                    "export.create",
                    "account.create")));
    Api.as(admin)
        .queryParam("account", "life")
        .queryParam("to", start.toString())
        .get("/api/v1/audit")
        .then()
        .body("total", equalTo(0));
    Api.as(admin)
        .queryParam("actor", "nobody")
        .get("/api/v1/audit")
        .then()
        .body("items.action", not(hasItem("user.create")));
    Api.as(admin)
        .queryParam("from", "yesterday")
        .get("/api/v1/audit")
        .then()
        .statusCode(400)
        .body("code", equalTo("bad-parameter"));
  }

  private static void assertAccepted(NatsServerProcess server, String creds) throws Exception {
    try (Connection nc = CredsClient.connect(server.url(), creds)) {
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
  }

  private static void assertRefused(NatsServerProcess server, String creds) {
    assertThatThrownBy(() -> CredsClient.connect(server.url(), creds).close())
        .as(server.log())
        .hasMessageContaining("Authorization Violation");
  }
}
