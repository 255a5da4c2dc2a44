package io.tributary.control.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

/**
 * Users and creds through the API, used for real: Debian's nats-server configured from {@code
 * /api/v1/operator/server-config} accepts a creds file issued by the API, and enforces the user's
 * permissions.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UserCredsIT {
  private String token;

  @BeforeEach
  void login() {
    token = Api.adminToken();
  }

  @Test
  void credsIssuedByTheApiWorkOnNatsServer() throws Exception {
    api().body(Map.of("name", "shop")).post("/api/v1/accounts").then().statusCode(201);
    Map<String, Object> perms =
        Map.of(
            "pub", Map.of("allow", List.of("orders.>"), "deny", List.of()),
            "sub", Map.of("allow", List.of("orders.>", "_INBOX.>"), "deny", List.of()));
    api()
        .body(Map.of("name", "app", "permissions", perms))
        .post("/api/v1/accounts/shop/users")
        .then()
        .statusCode(201)
        .body("permissions.pub.allow[0]", equalTo("orders.>"));
    api()
        .body(Map.of("name", "app"))
        .post("/api/v1/accounts/shop/users")
        .then()
        .statusCode(409)
        .body("code", equalTo("name-taken"));
    api().get("/api/v1/accounts/nowhere/users").then().statusCode(404);

    String creds =
        api()
            .accept(ContentType.TEXT)
            .body(Map.of("ttl", 3600))
            .post("/api/v1/accounts/shop/users/app/creds")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(CredsFile.parse(creds).jwt()).isNotBlank();
    api()
        .get("/api/v1/accounts/shop/users/app/issuances")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].issuedBy", equalTo("admin"));

    String config = NatsClients.serverConfig(token);
    try (NatsServerProcess server = NatsServerProcess.start(config)) {
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection nc = CredsClient.connect(server.url(), creds, errors)) {
        Subscription s = nc.subscribe("orders.>");
        nc.flush(Duration.ofSeconds(2));
        nc.publish("orders.1", "book".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(2));
        assertThat(m).as(server.log()).isNotNull();
        nc.publish("payments.1", new byte[1]);
        nc.flush(Duration.ofSeconds(2));
        Thread.sleep(200);
        assertThat(errors).anyMatch(e -> e.contains("Permissions Violation for Publish"));
      }
    }
  }

  private RequestSpecification api() {
    return Api.as(token);
  }
}
