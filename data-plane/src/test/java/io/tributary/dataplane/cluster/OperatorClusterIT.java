package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.Await;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * Two nodes in operator mode routed to each other: accounts stay isolated across the route, the
 * system account's requests reach both nodes (each answers), an account pushed to one node reaches
 * the other, and a revocation pushed to one node closes the user's connection on the other.
 */
class OperatorClusterIT {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(10), condition);
  }

  private TestServer node(TestOperator op, String name, Path preload, String routes) {
    return keep(
        TestServer.start(
            b -> {
              OperatorMode.options(b, op, dir.resolve("resolver-" + name), preload)
                  .set(NodeSettings.SERVER_NAME, name)
                  .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                  .set(NodeSettings.CLUSTER_NAME, "ops");
              if (routes != null) {
                b.set(NodeSettings.ROUTES, routes);
              }
              return b;
            }));
  }

  @Test
  void accountsClaimsAndRevocationsAcrossNodes() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acme = op.account("acme");
    TestAccount other = op.account("other");
    TestAccount late = op.account("late");
    Path preload = OperatorMode.preload(dir, "preload", List.of(op.system, acme, other));
    TestServer a = node(op, "a", preload, null);
    TestServer b = node(op, "b", preload, "nats-route://127.0.0.1:" + a.server().cluster().port());
    await(
        "the route",
        () -> a.server().cluster().routeCount() == 1 && b.server().cluster().routeCount() == 1);

    // the same subject in two accounts: each sees only its own account's messages
    Connection acmeOnA = keep(CredsClient.connect(a.url(), acme.user("sub").creds()));
    Connection otherOnA = keep(CredsClient.connect(a.url(), other.user("sub").creds()));
    Subscription acmeSub = acmeOnA.subscribe("orders");
    Subscription otherSub = otherOnA.subscribe("orders");
    acmeOnA.flush(Duration.ofSeconds(2));
    otherOnA.flush(Duration.ofSeconds(2));
    Connection acmeOnB = keep(CredsClient.connect(b.url(), acme.user("pub").creds()));
    await(
        "acme's interest on b",
        () -> b.server().cluster().routes(true).get(0).subscriptionsList().contains("orders"));
    acmeOnB.publish("orders", "acme-1".getBytes(StandardCharsets.UTF_8));
    acmeOnB.flush(Duration.ofSeconds(2));
    assertThat(new String(acmeSub.nextMessage(Duration.ofSeconds(2)).getData()))
        .isEqualTo("acme-1");
    assertThat(otherSub.nextMessage(Duration.ofMillis(300)))
        .as("isolated across the route")
        .isNull();

    // the system account's PING reaches both nodes: two answers
    Connection sys = keep(CredsClient.connect(a.url(), op.system.user("sys").creds()));
    Subscription answers = sys.subscribe("_INBOX.ping-answers");
    sys.flush(Duration.ofSeconds(2));
    await(
        "b's system services known on a",
        () ->
            a.server().cluster().routes(true).get(0).subscriptionsList().stream()
                .anyMatch(s -> s.startsWith("$SYS.REQ.SERVER.PING")));
    sys.publish("$SYS.REQ.SERVER.PING", "_INBOX.ping-answers", new byte[0]);
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var m = answers.nextMessage(Duration.ofSeconds(2));
      assertThat(m).as("answer %d", i).isNotNull();
      servers.add(new String(m.getData(), StandardCharsets.UTF_8));
    }
    assertThat(String.join(" ", servers)).contains("\"name\":\"a\"").contains("\"name\":\"b\"");

    // an account pushed to a only reaches b too
    sys.request("$SYS.REQ.CLAIMS.UPDATE", late.jwt().getBytes(), Duration.ofSeconds(5));
    await(
        "late on b",
        () ->
            b.server().accounts().get(late.id()) != null
                && b.server().accounts().get(late.id()).name().equals(late.id()));
    try (Connection l = CredsClient.connect(b.url(), late.user("l").creds())) {
      assertThat(l.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }

    // a revocation pushed to a closes the user's connection on b
    TestUser victim = acme.user("victim");
    Connection victimOnB = keep(CredsClient.connect(b.url(), victim.creds()));
    acme.claims.nats.revocations.revoke(victim.key.publicKey(), Instant.now().getEpochSecond() + 1);
    long sent = System.nanoTime();
    sys.request("$SYS.REQ.CLAIMS.UPDATE", acme.jwt().getBytes(), Duration.ofSeconds(5));
    await(
        "the victim's connection on b closed",
        () -> victimOnB.getStatus() != Connection.Status.CONNECTED);
    System.out.printf(
        "revocation pushed to a closed the connection on b in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
  }

  @Test
  void serviceAndStreamImportsAcrossNodes() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount svc = op.account("svc");
    TestAccount app = op.account("app");
    svc.claims.nats.exports.add(new Export("help", "help.>", ExportType.SERVICE));
    svc.claims.nats.exports.add(new Export("prices", "prices.>", ExportType.STREAM));
    app.claims.nats.imports.add(new Import("help", "help.>", svc.id(), ExportType.SERVICE));
    app.claims.nats.imports.add(new Import("prices", "prices.>", svc.id(), ExportType.STREAM));
    Path preload = OperatorMode.preload(dir, "preload", List.of(op.system, svc, app));
    TestServer a = node(op, "a", preload, null);
    TestServer b = node(op, "b", preload, "nats-route://127.0.0.1:" + a.server().cluster().port());
    await("the route", () -> a.server().cluster().routeCount() == 1);

    // the service's responder on a, the importing account's requester on b
    Connection responder = keep(CredsClient.connect(a.url(), svc.user("responder").creds()));
    responder
        .createDispatcher(
            m -> responder.publish(m.getReplyTo(), ("answer to " + m.getSubject()).getBytes()))
        .subscribe("help.>");
    responder.flush(Duration.ofSeconds(2));
    // the stream's subscriber (importing account) on b, the exporter's publisher on a
    Connection onB = keep(CredsClient.connect(b.url(), app.user("app").creds()));
    Subscription prices = onB.subscribe("prices.>");
    onB.flush(Duration.ofSeconds(2));
    await(
        "the responder's interest on b",
        () -> b.server().cluster().routes(true).get(0).subscriptionsList().contains("help.>"));
    Thread.sleep(200);

    var reply = onB.request("help.me", "?".getBytes(), Duration.ofSeconds(3));
    assertThat(reply).as("a service request from b answered on a").isNotNull();
    assertThat(new String(reply.getData())).isEqualTo("answer to help.me");

    Connection publisher = keep(CredsClient.connect(a.url(), svc.user("publisher").creds()));
    for (int i = 0; i < 10; i++) {
      publisher.publish("prices.eur", String.valueOf(i).getBytes());
    }
    publisher.flush(Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) {
      var m = prices.nextMessage(Duration.ofSeconds(3));
      assertThat(m).as("imported message %d on b", i).isNotNull();
      assertThat(new String(m.getData())).isEqualTo(String.valueOf(i));
    }
    assertThat(prices.nextMessage(Duration.ofMillis(300))).as("each once").isNull();
  }
}
