package io.tributary.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Subscription;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.Ports;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.NatsClients;
import io.tributary.control.testing.Processes;

/**
 * The product end to end, as a user runs it: {@code ./tributary up} on free ports, then only the
 * REST API and jnats. Tenants, an account-admin, users and creds, isolation, a stream shared
 * between tenants, revocation closing a live connection, a lowered limit, and a node that dies and
 * comes back converging by itself.
 */
@Tag("outside-quarkus")
class EndToEndIT {
  private Process up;
  private Path data;
  private int apiPort;
  private int natsPort;

  @AfterEach
  void stop() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroy(); // SIGTERM: up stops the node, then the control plane and its PostgreSQL
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
    }
    if (data != null) {
      // the stack's data (PostgreSQL's files among them) is about 100 MB
      try (var paths = Files.walk(data)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void tenantsFromTheApiToTheWire() throws Exception {
    data = Files.createTempDirectory("tributary-e2e");
    apiPort = Ports.freeLoopbackPort();
    natsPort = Ports.freeLoopbackPort();
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    ProcessBuilder stack =
        new ProcessBuilder(
                root.resolve("tributary").toString(),
                "up",
                "--api-port",
                String.valueOf(apiPort),
                "--nats-port",
                String.valueOf(natsPort),
                "--http-port",
                String.valueOf(Ports.freeLoopbackPort()),
                "--db-port",
                String.valueOf(Ports.freeLoopbackPort()),
                "--data-dir",
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("up.out").toFile());
    // As `control` does, `up` takes the first admin password from the environment.
    stack.environment().put("TRIBUTARY_ADMIN_PASSWORD", "e2e-admin-password");
    up = stack.start();
    await("the stack is up", Duration.ofMinutes(5), () -> log().contains("Tributary is up"));
    String nats = "nats://127.0.0.1:" + natsPort;

    assertThat(Files.readString(data.resolve("admin-password"))).isEqualTo("e2e-admin-password");
    String admin = login("admin", "e2e-admin-password");
    api(admin)
        .body(Map.of("name", "acme"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        // up turns the default JetStream allowance on (docs/operations.md)
        .body("limits.diskStorage", equalTo(1 << 30))
        .body("limits.memoryStorage", equalTo(256 << 20));
    api(admin).body(Map.of("name", "globex")).post("/api/v1/accounts").then().statusCode(201);
    api(admin)
        .body(
            Map.of(
                "username", "acme-admin",
                "password", "acme-admin-password",
                "role", "account-admin",
                "accounts", List.of("acme")))
        .post("/api/v1/console-users")
        .then()
        .statusCode(201);
    String acme = login("acme-admin", "acme-admin-password");

    api(acme)
        .body(Map.of("name", "app"))
        .post("/api/v1/accounts/acme/users")
        .then()
        .statusCode(201);
    api(acme)
        .body(Map.of("name", "events", "subject", "acme.events.>", "type", "stream"))
        .post("/api/v1/accounts/acme/exports")
        .then()
        .statusCode(201);
    String acmeKey = api(acme).get("/api/v1/accounts/acme").path("publicKey");
    api(admin)
        .body(Map.of("name", "g"))
        .post("/api/v1/accounts/globex/users")
        .then()
        .statusCode(201);
    api(admin)
        .body(
            Map.of(
                "name", "acme-events",
                "type", "stream",
                "account", acmeKey,
                "subject", "acme.events.>"))
        .post("/api/v1/accounts/globex/imports")
        .then()
        .statusCode(201);
    await(
        "pushed", Duration.ofSeconds(20), () -> current(admin, "acme") && current(admin, "globex"));
    String appCreds = creds(acme, "acme", "app");
    String globexCreds = creds(admin, "globex", "g");

    CountDownLatch closed = new CountDownLatch(1);
    try (Connection app = CredsClient.connect(nats, appCreds);
        Connection g = CredsClient.connect(nats, globexCreds)) {
      app.addConnectionListener(
          (c, e) -> {
            if (e == ConnectionListener.Events.DISCONNECTED
                || e == ConnectionListener.Events.CLOSED) {
              closed.countDown();
            }
          });
      Subscription own = app.subscribe("orders.>");
      Subscription everything = g.subscribe(">");
      app.flush(Duration.ofSeconds(2));
      g.flush(Duration.ofSeconds(2));
      app.publish("orders.1", "book".getBytes(StandardCharsets.UTF_8));
      assertThat(own.nextMessage(Duration.ofSeconds(2))).as("pub/sub in acme").isNotNull();
      assertThat(everything.nextMessage(Duration.ofMillis(500)))
          .as("globex sees nothing of acme's")
          .isNull();
      app.publish("acme.events.shipped", "42".getBytes(StandardCharsets.UTF_8));
      assertThat(everything.nextMessage(Duration.ofSeconds(2)).getSubject())
          .as("the exported stream reaches globex")
          .isEqualTo("acme.events.shipped");

      api(acme).post("/api/v1/accounts/acme/users/app/revoke").then().statusCode(200);
      Instant revoked = Instant.now();
      assertThat(closed.await(2, TimeUnit.SECONDS)).as("revoked connection closed").isTrue();
      System.out.printf(
          "e2e: revoked connection closed %d ms after the API call returned%n",
          Duration.between(revoked, Instant.now()).toMillis());
    }
    assertThatThrownBy(() -> CredsClient.connect(nats, appCreds).close())
        .as("a reconnect with revoked creds")
        .isInstanceOf(IOException.class);

    // a lowered connection limit refuses the next connection
    String fresh = creds(acme, "acme", "app");
    String etag = api(admin).get("/api/v1/accounts/acme").header("ETag");
    try (Connection one = CredsClient.connect(nats, fresh)) {
      api(admin)
          .header("If-Match", etag)
          .body(Map.of("limits", Map.of("conn", 1)))
          .patch("/api/v1/accounts/acme")
          .then()
          .statusCode(200);
      Duration enforced =
          NatsClients.untilRefused(nats, fresh, Instant.now(), Duration.ofSeconds(20));
      System.out.printf(
          "e2e: lowered connection limit enforced %d ms after the API call returned%n",
          enforced.toMillis());
      assertThat(one.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
    await("limit recorded as pushed", Duration.ofSeconds(20), () -> current(admin, "acme"));

    // the node dies; an account changes meanwhile; up starts the node again and it converges
    ProcessHandle node =
        up.descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("NodeCli"))
            .findFirst()
            .orElseThrow();
    node.destroyForcibly();
    node.onExit().get(10, TimeUnit.SECONDS);
    api(admin).body(Map.of("name", "initech")).post("/api/v1/accounts").then().statusCode(201);
    api(admin)
        .body(Map.of("name", "i"))
        .post("/api/v1/accounts/initech/users")
        .then()
        .statusCode(201);
    await("initech on the restarted node", Duration.ofSeconds(60), () -> current(admin, "initech"));
    CredsClient.connect(nats, creds(admin, "initech", "i")).close();
  }

  private boolean current(String token, String account) {
    List<String> states =
        api(token)
            .get("/api/v1/accounts/" + account + "/push-status")
            .jsonPath()
            .getList("nodes.state");
    return states != null && !states.isEmpty() && states.stream().allMatch("current"::equals);
  }

  private String creds(String token, String account, String user) {
    return api(token)
        .accept(ContentType.TEXT)
        .body("{}")
        .post("/api/v1/accounts/" + account + "/users/" + user + "/creds")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private String login(String username, String password) {
    return Api.login(apiPort, username, password);
  }

  private RequestSpecification api(String token) {
    return Api.as(apiPort, token);
  }

  private void await(String what, Duration within, BooleanSupplier done) throws Exception {
    Instant deadline = Instant.now().plus(within);
    while (!done.getAsBoolean()) {
      assertThat(up.isAlive()).as(what + "\n" + log()).isTrue();
      assertThat(Instant.now()).as(what + "\n" + log()).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private String log() {
    return Processes.output(data.resolve("up.out"));
  }
}
