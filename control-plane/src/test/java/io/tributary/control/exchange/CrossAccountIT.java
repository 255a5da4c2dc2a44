package io.tributary.control.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

/**
 * Exports, imports, activation tokens and scoped signing keys made through the API, used for real
 * by jnats on Debian's nats-server configured from {@code /api/v1/operator/server-config}: a
 * token-required service crosses accounts with the activation the exporter issued, a public stream
 * flows to the importer, and a user of a scoped key gets exactly the key's template.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CrossAccountIT {
  @Test
  void servicesStreamsAndScopedUsersWorkOnNatsServer() throws Exception {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "xa-shop")).post("/api/v1/accounts").then().statusCode(201);
    Api.as(admin).body(Map.of("name", "xa-client")).post("/api/v1/accounts").then().statusCode(201);
    String shopKey = Api.as(admin).get("/api/v1/accounts/xa-shop").path("publicKey");
    String clientKey = Api.as(admin).get("/api/v1/accounts/xa-client").path("publicKey");

    Api.as(admin)
        .body(
            Map.of(
                "name", "orders",
                "subject", "orders.create",
                "type", "service",
                "tokenRequired", true,
                "responseType", "Singleton"))
        .post("/api/v1/accounts/xa-shop/exports")
        .then()
        .statusCode(201)
        .body("tokenRequired", equalTo(true));
    Api.as(admin)
        .body(Map.of("name", "events", "subject", "shop.events.>", "type", "stream"))
        .post("/api/v1/accounts/xa-shop/exports")
        .then()
        .statusCode(201);

    // without the activation the import is refused up front, with the reason
    Map<String, Object> serviceImport =
        Map.of(
            "name", "orders",
            "type", "service",
            "account", shopKey,
            "subject", "orders.create",
            "localSubject", "shop.orders.create");
    Api.as(admin)
        .body(serviceImport)
        .post("/api/v1/accounts/xa-client/imports")
        .then()
        .statusCode(422)
        .body("code", equalTo("import-not-authorized"));
    String activation =
        Api.as(admin)
            .body(Map.of("account", clientKey, "ttl", 3600))
            .post("/api/v1/accounts/xa-shop/exports/orders/activations")
            .then()
            .statusCode(200)
            .body("importer", equalTo(clientKey))
            .extract()
            .path("token");
    Map<String, Object> withToken = new HashMap<>(serviceImport);
    withToken.put("token", activation);
    Api.as(admin)
        .body(withToken)
        .post("/api/v1/accounts/xa-client/imports")
        .then()
        .statusCode(201)
        .body("activation", equalTo(true));
    Api.as(admin)
        .body(
            Map.of(
                "name", "events", "type", "stream", "account", shopKey, "subject", "shop.events.>"))
        .post("/api/v1/accounts/xa-client/imports")
        .then()
        .statusCode(201);

    // a scoped key: its users may read the events and publish nothing
    Map<String, Object> template =
        Map.of(
            "permissions",
            Map.of(
                "pub", Map.of("allow", List.of(), "deny", List.of(">")),
                "sub", Map.of("allow", List.of("shop.events.>"), "deny", List.of())));
    String readerKey =
        Api.as(admin)
            .body(Map.of("role", "reader", "template", template))
            .post("/api/v1/accounts/xa-shop/signing-keys")
            .then()
            .statusCode(201)
            .body("role", equalTo("reader"))
            .extract()
            .path("publicKey");
    Api.as(admin)
        .body(
            Map.of(
                "name",
                "auditor",
                "signingKey",
                readerKey,
                "permissions",
                Map.of("pub", Map.of("allow", List.of(">")))))
        .post("/api/v1/accounts/xa-shop/users")
        .then()
        .statusCode(422)
        .body("code", equalTo("scoped-user"));
    Api.as(admin)
        .body(Map.of("name", "auditor", "signingKey", readerKey))
        .post("/api/v1/accounts/xa-shop/users")
        .then()
        .statusCode(201)
        .body("signingKey", equalTo(readerKey));
    Api.as(admin).body(Map.of("name", "backend")).post("/api/v1/accounts/xa-shop/users");
    Api.as(admin).body(Map.of("name", "web")).post("/api/v1/accounts/xa-client/users");
    // a scoped key with users cannot be removed from under them
    Api.as(admin)
        .delete("/api/v1/accounts/xa-shop/signing-keys/" + readerKey)
        .then()
        .statusCode(409)
        .body("code", equalTo("in-use"));

    String backend = NatsClients.creds(admin, "xa-shop", "backend");
    String auditor = NatsClients.creds(admin, "xa-shop", "auditor");
    String web = NatsClients.creds(admin, "xa-client", "web");
    try (NatsServerProcess server = NatsServerProcess.start(NatsClients.serverConfig(admin))) {
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection shop = CredsClient.connect(server.url(), backend, errors);
          Connection client = CredsClient.connect(server.url(), web, errors);
          Connection reader = CredsClient.connect(server.url(), auditor, errors)) {
        Dispatcher d =
            shop.createDispatcher(m -> shop.publish(m.getReplyTo(), "accepted".getBytes()));
        d.subscribe("orders.create");
        Subscription events = client.subscribe("shop.events.>");
        Subscription audited = reader.subscribe("shop.events.>");
        shop.flush(Duration.ofSeconds(2));
        client.flush(Duration.ofSeconds(2));
        reader.flush(Duration.ofSeconds(2));

        Message reply =
            client.request("shop.orders.create", "one book".getBytes(), Duration.ofSeconds(3));
        assertThat(reply).as(server.log()).isNotNull();
        assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("accepted");

        shop.publish("shop.events.shipped", "42".getBytes());
        assertThat(events.nextMessage(Duration.ofSeconds(2))).as("stream import").isNotNull();
        assertThat(audited.nextMessage(Duration.ofSeconds(2))).as("scoped reader").isNotNull();

        reader.publish("shop.events.forged", new byte[1]);
        reader.flush(Duration.ofSeconds(2));
        Thread.sleep(200);
        assertThat(errors).anyMatch(e -> e.contains("Permissions Violation for Publish"));
      }
    }
  }
}
