package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.Ports;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.Await;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestCertificates;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A cluster that mixes our nodes and Debian's nats-server 2.9, routed to each other: our node
 * accepts nats-server's route and solicits another, gossip completes the mesh across both, and
 * messages, queue groups and request/reply cross in both directions.
 */
class MixedClusterIT {
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<Connection> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Connection c : clients) {
      c.close();
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private Connection connect(String url) throws Exception {
    Connection c = Nats.connect(url);
    clients.add(c);
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(15), condition);
  }

  private static JsonNode get(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body());
    } catch (Exception e) {
      return new ObjectMapper().createObjectNode();
    }
  }

  @Test
  void ourNodesAndNatsServerFormOneCluster() throws Exception {
    TestServer a =
        TestServer.start(
            b ->
                b.set(NodeSettings.SERVER_NAME, "ours-a")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "mixed"));
    running.add(a);
    int nsCluster = Ports.freeLoopbackPort();
    int nsHttp = Ports.freeLoopbackPort();
    NatsServerProcess ns =
        NatsServerProcess.start(
            "server_name: theirs\nhttp_port: "
                + nsHttp
                + "\ncluster {\n  name: mixed\n  listen: 127.0.0.1:"
                + nsCluster
                + "\n  routes: [nats-route://127.0.0.1:"
                + a.server().cluster().port()
                + "]\n}\n");
    running.add(ns);
    // our second node knows only nats-server: gossip brings it to ours-a
    TestServer b =
        TestServer.start(
            o ->
                o.set(NodeSettings.SERVER_NAME, "ours-b")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "mixed")
                    .set(NodeSettings.ROUTES, "nats-route://127.0.0.1:" + nsCluster));
    running.add(b);
    await(
        "a full mesh of three",
        () ->
            a.server().cluster().routeCount() == 2
                && b.server().cluster().routeCount() == 2
                && get("http://127.0.0.1:" + nsHttp + "/routez").path("num_routes").asInt() == 2);

    // nats-server → ours, and ours → nats-server, and ours → ours, each once
    Connection onTheirs = connect(ns.url());
    Connection onA = connect(a.url());
    Connection onB = connect(b.url());
    Subscription sa = onA.subscribe("mixed.>");
    Subscription sb = onB.subscribe("mixed.>");
    Subscription st = onTheirs.subscribe("mixed.>");
    for (Connection c : List.of(onA, onB, onTheirs)) {
      c.flush(Duration.ofSeconds(2));
    }
    await(
        "interest everywhere",
        () ->
            get("http://127.0.0.1:" + nsHttp + "/routez")
                    .path("routes")
                    .findValues("subscriptions")
                    .stream()
                    .filter(n -> n.asInt() > 0)
                    .count()
                == 2);
    Thread.sleep(300);
    onTheirs.publish("mixed.from.theirs", "t".getBytes());
    onA.publish("mixed.from.a", "a".getBytes());
    onB.publish("mixed.from.b", "b".getBytes());
    for (Subscription s : List.of(sa, sb, st)) {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Message m = s.nextMessage(Duration.ofSeconds(3));
        assertThat(m).as("message %d on one of the nodes", i).isNotNull();
        got.add(m.getSubject());
      }
      assertThat(got)
          .containsExactlyInAnyOrder("mixed.from.theirs", "mixed.from.a", "mixed.from.b");
      assertThat(s.nextMessage(Duration.ofMillis(200))).as("no duplicates").isNull();
    }
    // headers both ways
    io.nats.client.impl.Headers h = new io.nats.client.impl.Headers().add("x-k", "v1");
    onTheirs.publish("mixed.h", h, "hb".getBytes());
    assertThat(sa.nextMessage(Duration.ofSeconds(2)).getHeaders().getFirst("x-k")).isEqualTo("v1");
    onA.publish("mixed.h", h, "hb".getBytes());
    assertThat(st.nextMessage(Duration.ofSeconds(3)).getHeaders().getFirst("x-k")).isEqualTo("v1");

    // request/reply: responder on nats-server, requester on ours; and the other way round
    onTheirs
        .createDispatcher(m -> onTheirs.publish(m.getReplyTo(), "theirs".getBytes()))
        .subscribe("svc.theirs");
    onA.createDispatcher(m -> onA.publish(m.getReplyTo(), "ours".getBytes())).subscribe("svc.ours");
    onTheirs.flush(Duration.ofSeconds(2));
    onA.flush(Duration.ofSeconds(2));
    Thread.sleep(300);
    assertThat(new String(onB.request("svc.theirs", new byte[0], Duration.ofSeconds(3)).getData()))
        .isEqualTo("theirs");
    assertThat(
            new String(onTheirs.request("svc.ours", new byte[0], Duration.ofSeconds(3)).getData()))
        .isEqualTo("ours");

    // a queue group with members on all three nodes gets each message once
    ConcurrentHashMap<String, AtomicInteger> got = new ConcurrentHashMap<>();
    for (var e :
        List.of(
            java.util.Map.entry("a", onA),
            java.util.Map.entry("b", onB),
            java.util.Map.entry("theirs", onTheirs))) {
      e.getValue()
          .createDispatcher(
              m -> got.computeIfAbsent(e.getKey(), k -> new AtomicInteger()).incrementAndGet())
          .subscribe("jobs", "workers");
      e.getValue().flush(Duration.ofSeconds(2));
    }
    Thread.sleep(500);
    Connection producer = connect(ns.url());
    for (int i = 0; i < 300; i++) {
      producer.publish("jobs", new byte[] {1});
    }
    producer.flush(Duration.ofSeconds(2));
    await("300 jobs taken", () -> got.values().stream().mapToInt(AtomicInteger::get).sum() >= 300);
    Thread.sleep(300);
    assertThat(got.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(300);

    // clients of nats-server learn our nodes' URLs, and ours learn nats-server's
    await("connect_urls on ours", () -> onA.getServers().size() >= 3);
    assertThat(String.join(" ", onA.getServers())).contains(":" + ns.port());
  }

  @Test
  void routesOverTlsWithNatsServer(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    TestServer a =
        TestServer.start(
            b ->
                b.set(NodeSettings.SERVER_NAME, "ours-tls")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "tls")
                    .set(NodeSettings.CLUSTER_TLS_CERT, certs.serverCert())
                    .set(NodeSettings.CLUSTER_TLS_KEY, certs.serverKey())
                    .set(NodeSettings.CLUSTER_TLS_CA, certs.serverCert())
                    .set(NodeSettings.CLUSTER_TLS_VERIFY, true));
    running.add(a);
    int nsHttp = Ports.freeLoopbackPort();
    NatsServerProcess ns =
        NatsServerProcess.start(
            "server_name: theirs-tls\nhttp_port: "
                + nsHttp
                + "\ncluster {\n  name: tls\n  listen: 127.0.0.1:"
                + Ports.freeLoopbackPort()
                + "\n  routes: [nats-route://127.0.0.1:"
                + a.server().cluster().port()
                + "]\n  tls {\n    cert_file: \""
                + certs.serverCert()
                + "\"\n    key_file: \""
                + certs.serverKey()
                + "\"\n    ca_file: \""
                + certs.serverCert()
                + "\"\n    verify: true\n  }\n}\n");
    running.add(ns);
    await("the TLS route", () -> a.server().cluster().routeCount() == 1);
    Connection onTheirs = connect(ns.url());
    Connection onA = connect(a.url());
    Subscription s = onA.subscribe("secure.>");
    onA.flush(Duration.ofSeconds(2));
    await(
        "interest over TLS",
        () ->
            get("http://127.0.0.1:" + nsHttp + "/routez")
                .path("routes")
                .findValues("subscriptions")
                .stream()
                .anyMatch(n -> n.asInt() > 0));
    onTheirs.publish("secure.x", "tls".getBytes());
    assertThat(s.nextMessage(Duration.ofSeconds(3))).isNotNull();

    // a route without TLS is refused by our TLS listener
    try (java.net.Socket plain = new java.net.Socket("127.0.0.1", a.server().cluster().port())) {
      plain.getOutputStream().write("CONNECT {}\r\nINFO {\"server_id\":\"NPLAIN\"}\r\n".getBytes());
      plain.setSoTimeout(3000);
      int read;
      try {
        read = plain.getInputStream().read(new byte[256]);
      } catch (java.io.IOException closed) {
        read = -1;
      }
      assertThat(read).as("no route protocol in plain text").isLessThan(32);
    }
    assertThat(a.server().cluster().routeCount()).isEqualTo(1);
  }

  @Test
  void operatorModeAcrossOurNodeAndNatsServer(@TempDir Path dir) throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acme = op.account("acme");
    TestAccount other = op.account("other");
    Path preload = OperatorMode.preload(dir, "preload", List.of(op.system, acme, other));
    TestServer a =
        TestServer.start(
            b ->
                OperatorMode.options(b, op, dir.resolve("resolver"), preload)
                    .set(NodeSettings.SERVER_NAME, "ours-op")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "op"));
    running.add(a);
    Path operator = java.nio.file.Files.writeString(dir.resolve("op.jwt"), op.jwt());
    Path jwts = java.nio.file.Files.createDirectories(dir.resolve("ns-resolver"));
    NatsServerProcess ns =
        NatsServerProcess.start(
            "server_name: theirs-op\noperator: \""
                + operator
                + "\"\nsystem_account: "
                + op.system.id()
                + "\nresolver: {type: full, dir: \""
                + jwts
                + "\", allow_delete: true}\n"
                + NatsServerProcess.preload(List.of(op.system, acme, other))
                + "cluster {\n  name: op\n  listen: 127.0.0.1:"
                + Ports.freeLoopbackPort()
                + "\n  routes: [nats-route://127.0.0.1:"
                + a.server().cluster().port()
                + "]\n}\n");
    running.add(ns);
    await("the route", () -> a.server().cluster().routeCount() == 1);

    Connection acmeOnTheirs = CredsClient.connect(ns.url(), acme.user("t").creds());
    clients.add(acmeOnTheirs);
    Connection otherOnTheirs = CredsClient.connect(ns.url(), other.user("o").creds());
    clients.add(otherOnTheirs);
    Subscription acmeSub = acmeOnTheirs.subscribe("orders");
    Subscription otherSub = otherOnTheirs.subscribe("orders");
    acmeOnTheirs.flush(Duration.ofSeconds(2));
    otherOnTheirs.flush(Duration.ofSeconds(2));
    Connection acmeOnOurs = CredsClient.connect(a.url(), acme.user("p").creds());
    clients.add(acmeOnOurs);
    await(
        "acme's interest on ours",
        () -> a.server().cluster().routes(true).get(0).subscriptionsList().contains("orders"));
    acmeOnOurs.publish("orders", "from-ours".getBytes());
    acmeOnOurs.flush(Duration.ofSeconds(2));
    assertThat(acmeSub.nextMessage(Duration.ofSeconds(3))).as("acme across").isNotNull();
    assertThat(otherSub.nextMessage(Duration.ofMillis(300))).as("other account isolated").isNull();

    // and the other way: nats-server's client publishes, ours receives, only in its account
    Subscription acmeOnOursSub = acmeOnOurs.subscribe("invoices");
    Connection otherOnOurs = CredsClient.connect(a.url(), other.user("o2").creds());
    clients.add(otherOnOurs);
    Subscription otherOnOursSub = otherOnOurs.subscribe("invoices");
    acmeOnOurs.flush(Duration.ofSeconds(2));
    otherOnOurs.flush(Duration.ofSeconds(2));
    Thread.sleep(300);
    acmeOnTheirs.publish("invoices", "from-theirs".getBytes());
    acmeOnTheirs.flush(Duration.ofSeconds(2));
    assertThat(acmeOnOursSub.nextMessage(Duration.ofSeconds(3))).as("acme back across").isNotNull();
    assertThat(otherOnOursSub.nextMessage(Duration.ofMillis(300)))
        .as("isolated both ways")
        .isNull();

    // an account JWT pushed to our node reaches nats-server over the route (it answers too)
    TestAccount late = op.account("late");
    Connection sys = CredsClient.connect(a.url(), op.system.user("sys").creds());
    clients.add(sys);
    sys.request("$SYS.REQ.CLAIMS.UPDATE", late.jwt().getBytes(), Duration.ofSeconds(5));
    await(
        "late's JWT in nats-server's resolver",
        () -> java.nio.file.Files.exists(jwts.resolve(late.id() + ".jwt")));
    try (Connection l = CredsClient.connect(ns.url(), late.user("l").creds())) {
      assertThat(l.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
  }
}
