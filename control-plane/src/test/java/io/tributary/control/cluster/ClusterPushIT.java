package io.tributary.control.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * The control plane pushes account JWTs to a registered cluster — Debian's nats-server in operator
 * mode with a full resolver, configured from {@code server-config} — through the outbox: new
 * accounts arrive, a revocation closes the live connection, a lowered limit applies, a node that
 * was down converges when it is back, a deleted account is deleted there.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ClusterPushIT {
  private String admin;
  private NatsServerProcess server;

  @Test
  void accountsReachTheNodeAndStayInSync() throws Exception {
    admin = Api.adminToken();
    server = NatsServerProcess.start(NatsClients.serverConfig(admin));
    try {
      Api.as(admin)
          .body(Map.of("name", "push", "urls", List.of(server.url())))
          .post("/api/v1/clusters")
          .then()
          .statusCode(201);
      Api.as(admin)
          .body(Map.of("name", "bad", "urls", List.of("http://x")))
          .post("/api/v1/clusters")
          .then()
          .statusCode(400);
      await("node connected and in sync", () -> nodeStatus("connected") && pending() == 0);

      // a new account and its user work on the node without touching its configuration
      Instant created = Instant.now();
      Api.as(admin).body(Map.of("name", "push-a")).post("/api/v1/accounts").then().statusCode(201);
      Api.as(admin).body(Map.of("name", "app")).post("/api/v1/accounts/push-a/users");
      await("push-a current", () -> current("push-a"));
      System.out.printf(
          "account on the node %d ms after the API call%n",
          Duration.between(created, Instant.now()).toMillis());
      String creds = NatsClients.creds(admin, "push-a", "app");

      // revocation: the live connection is closed, a new one refused
      CountDownLatch closed = new CountDownLatch(1);
      try (Connection nc =
          CredsClient.connect(server.url(), creds, new CopyOnWriteArrayList<>(), closed)) {
        Api.as(admin).post("/api/v1/accounts/push-a/users/app/revoke").then().statusCode(200);
        Instant revoked = Instant.now();
        assertThat(closed.await(2, TimeUnit.SECONDS)).as(server.log()).isTrue();
        long ms = Duration.between(revoked, Instant.now()).toMillis();
        System.out.printf("revoked connection closed %d ms after the API call returned%n", ms);
      }
      assertRefused(server, creds);

      // a lowered connection limit applies to the next connection
      String fresh = NatsClients.creds(admin, "push-a", "app");
      String version = Api.as(admin).get("/api/v1/accounts/push-a").header("ETag");
      Api.as(admin)
          .header("If-Match", version)
          .body(Map.of("limits", Map.of("conn", 1)))
          .patch("/api/v1/accounts/push-a")
          .then()
          .statusCode(200);
      await("limit pushed", () -> current("push-a"));
      try (Connection first =
          CredsClient.connect(
              server.url(), fresh, new CopyOnWriteArrayList<>(), new CountDownLatch(1))) {
        List<String> errors = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> CredsClient.connect(server.url(), fresh, errors).close())
            .hasMessageContaining("Unable to connect");
        assertThat(errors).anyMatch(e -> e.toLowerCase().contains("connections exceeded"));
      }

      // the node is down while an account is created; it converges when it is back
      server.close();
      Api.as(admin).body(Map.of("name", "push-b")).post("/api/v1/accounts").then().statusCode(201);
      Api.as(admin).body(Map.of("name", "b")).post("/api/v1/accounts/push-b/users");
      Api.as(admin)
          .get("/api/v1/accounts/push-b/push-status")
          .then()
          .body("nodes[0].connected", equalTo(false))
          .body("nodes[0].state", equalTo("pending"));
      server = server.restart();
      await("push-b current after the restart", () -> current("push-b"));
      String bCreds = NatsClients.creds(admin, "push-b", "b");
      CredsClient.connect(server.url(), bCreds, new CopyOnWriteArrayList<>(), new CountDownLatch(1))
          .close();

      // a deleted account is deleted on the node
      Api.as(admin).delete("/api/v1/accounts/push-b").then().statusCode(204);
      await("push-b deleted on the node", () -> refused(server, bCreds));
    } finally {
      Api.as(admin).delete("/api/v1/clusters/push");
      server.close();
    }
  }

  @Test
  void ourNodeTakesTheSamePushes() throws Exception {
    admin = Api.adminToken();
    Map<String, Object> op = Api.as(admin).get("/api/v1/operator").as(Map.class);
    String system = (String) op.get("systemAccount");
    Path dir = Files.createTempDirectory("own-node");
    Path preload =
        OperatorMode.preload(dir, "sys.json", Map.of(system, (String) op.get("systemAccountJwt")));
    Path resolver = dir.resolve("jwt");
    TestServer node = OperatorMode.node((String) op.get("jwt"), system, resolver, preload);
    int port = node.port();
    try {
      Api.as(admin)
          .body(Map.of("name", "own", "urls", List.of(node.url())))
          .post("/api/v1/clusters")
          .then()
          .statusCode(201);
      Api.as(admin)
          .body(Map.of("name", "own-a", "clusters", List.of("own")))
          .post("/api/v1/accounts")
          .then()
          .statusCode(201)
          .body("clusters", equalTo(List.of("own")));
      Api.as(admin).body(Map.of("name", "app")).post("/api/v1/accounts/own-a/users");
      await("own-a current", () -> current("own-a"));
      String creds = NatsClients.creds(admin, "own-a", "app");
      CountDownLatch closed = new CountDownLatch(1);
      try (Connection nc =
          CredsClient.connect(node.url(), creds, new CopyOnWriteArrayList<>(), closed)) {
        Api.as(admin).post("/api/v1/accounts/own-a/users/app/revoke").then().statusCode(200);
        Instant revoked = Instant.now();
        assertThat(closed.await(2, TimeUnit.SECONDS)).isTrue();
        long ms = Duration.between(revoked, Instant.now()).toMillis();
        System.out.printf("our node: revoked connection closed %d ms after the call%n", ms);
      }

      // down while an account is created; converges on its return (same port, same resolver)
      node.close();
      Api.as(admin)
          .body(Map.of("name", "own-b", "clusters", List.of("own")))
          .post("/api/v1/accounts")
          .then()
          .statusCode(201);
      Api.as(admin).body(Map.of("name", "b")).post("/api/v1/accounts/own-b/users");
      node =
          TestServer.start(
              b ->
                  b.set(NodeSettings.PORT, port)
                      .operator(
                          new ServerOptions.OperatorOptions(
                              List.of((String) op.get("jwt")), system, resolver, preload)));
      await("own-b current after the restart", () -> current("own-b"));
      CredsClient.connect(
              node.url(),
              NatsClients.creds(admin, "own-b", "b"),
              new CopyOnWriteArrayList<>(),
              new CountDownLatch(1))
          .close();
    } finally {
      Api.as(admin).delete("/api/v1/clusters/own");
      node.close();
    }
  }

  private boolean nodeStatus(String field) {
    return Boolean.TRUE.equals(
        Api.as(admin).get("/api/v1/clusters/push/status").path("nodes[0]." + field));
  }

  private int pending() {
    Integer p = Api.as(admin).get("/api/v1/clusters/push/status").path("nodes[0].pending");
    return p == null ? -1 : p;
  }

  private boolean current(String account) {
    List<String> states =
        Api.as(admin)
            .get("/api/v1/accounts/" + account + "/push-status")
            .jsonPath()
            .getList("nodes.state");
    return !states.isEmpty() && states.stream().allMatch("current"::equals);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!done.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static boolean refused(NatsServerProcess server, String creds) {
    try {
      CredsClient.connect(server.url(), creds).close();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static void assertRefused(NatsServerProcess server, String creds) {
    assertThatThrownBy(() -> CredsClient.connect(server.url(), creds).close())
        .hasMessageContaining("Authorization Violation");
  }
}
