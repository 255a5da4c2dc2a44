package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.Await;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three nodes routed to each other in-process, with jnats clients on different nodes: the mesh
 * completes from one seed by gossip, messages cross nodes once, queue groups deliver once
 * cluster-wide and prefer a local member, request/reply crosses nodes, a node that goes and comes
 * back rejoins with its interest, and clients learn the cluster's URLs.
 */
class ClusterIT {
  private final List<TestServer> nodes = new ArrayList<>();
  private final List<Connection> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Connection c : clients) {
      c.close();
    }
    for (TestServer n : nodes) {
      n.close();
    }
  }

  private TestServer node(String name, String routes) {
    TestServer n =
        TestServer.start(
            b -> {
              b.set(NodeSettings.SERVER_NAME, name)
                  .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                  .set(NodeSettings.CLUSTER_NAME, "it");
              if (routes != null) {
                b.set(NodeSettings.ROUTES, routes);
              }
              return b;
            });
    nodes.add(n);
    return n;
  }

  private static String routeUrl(TestServer n) {
    return "nats-route://127.0.0.1:" + n.server().cluster().port();
  }

  private Connection connect(TestServer n) throws Exception {
    Connection c = Nats.connect(n.url());
    clients.add(c);
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(10), condition);
  }

  private List<TestServer> threeNodes() throws Exception {
    TestServer a = node("a", null);
    TestServer b = node("b", routeUrl(a));
    TestServer c = node("c", routeUrl(a));
    await(
        "a full mesh", () -> nodes.stream().allMatch(n -> n.server().cluster().routeCount() == 2));
    return List.of(a, b, c);
  }

  // interest propagates asynchronously: wait until a node forwards to `count` routes for subject
  private static void awaitInterest(TestServer n, int routesWithInterest) throws Exception {
    await(
        "interest on " + n.server().serverName(),
        () ->
            n.server().cluster().routes(false).stream().filter(r -> r.subscriptions() > 0).count()
                >= routesWithInterest);
  }

  @Test
  void gossipCompletesTheMeshAndMessagesCrossNodesOnce() throws Exception {
    List<TestServer> abc = threeNodes();
    Connection pub = connect(abc.get(0));
    Connection subB = connect(abc.get(1));
    Connection subC = connect(abc.get(2));
    Subscription sb = subB.subscribe("orders.*");
    Subscription sb2 = subB.subscribe("orders.>"); // overlapping: still one message over the route
    Subscription sc = subC.subscribe("orders.new");
    subB.flush(Duration.ofSeconds(2));
    subC.flush(Duration.ofSeconds(2));
    awaitInterest(abc.get(0), 2);
    for (int i = 0; i < 100; i++) {
      pub.publish("orders.new", ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    pub.flush(Duration.ofSeconds(2));
    for (Subscription s : List.of(sb, sb2, sc)) {
      for (int i = 0; i < 100; i++) {
        Message m = s.nextMessage(Duration.ofSeconds(2));
        assertThat(m).as("message %d on %s", i, s.getSubject()).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
      }
      assertThat(s.nextMessage(Duration.ofMillis(100))).isNull();
    }
    // each node forwarded every message once per route with interest
    long out =
        abc.get(0).server().cluster().routes(false).stream()
            .mapToLong(Cluster.RouteInfo::outMsgs)
            .sum();
    assertThat(out).isEqualTo(200);

    // headers cross too
    io.nats.client.impl.Headers h = new io.nats.client.impl.Headers().add("k", "v");
    pub.publish("orders.new", h, "with".getBytes(StandardCharsets.UTF_8));
    Message m = sc.nextMessage(Duration.ofSeconds(2));
    assertThat(m.getHeaders().getFirst("k")).isEqualTo("v");

    // an unsubscribe reaches the other nodes
    sc.unsubscribe();
    subC.flush(Duration.ofSeconds(2));
    await("RS- reached a", () -> routeSubs(abc.get(0), "c") == 0);
  }

  private static int routeSubs(TestServer n, String remoteName) {
    return n.server().cluster().routes(false).stream()
        .filter(r -> remoteName.equals(r.remoteName()))
        .mapToInt(Cluster.RouteInfo::subscriptions)
        .sum();
  }

  @Test
  void queueGroupsDeliverOnceClusterWideAndPreferALocalMember() throws Exception {
    List<TestServer> abc = threeNodes();
    Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(300);
    for (int node = 1; node <= 2; node++) {
      Connection c = connect(abc.get(node));
      for (int member = 0; member < 3; member++) {
        String who = abc.get(node).server().serverName() + member;
        Dispatcher d =
            c.createDispatcher(
                msg -> {
                  got.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
                  all.countDown();
                });
        d.subscribe("work", "workers");
      }
      c.flush(Duration.ofSeconds(2));
    }
    awaitInterest(abc.get(0), 2);
    Connection pub = connect(abc.get(0));
    for (int i = 0; i < 300; i++) {
      pub.publish("work", new byte[] {1});
    }
    pub.flush(Duration.ofSeconds(2));
    assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    assertThat(got.values().stream().mapToInt(AtomicInteger::get).sum())
        .as("each message delivered once")
        .isEqualTo(300);
    assertThat(got.keySet().stream().filter(k -> k.startsWith("b")).count()).isPositive();
    assertThat(got.keySet().stream().filter(k -> k.startsWith("c")).count()).isPositive();

    // a member on the publisher's node takes them all
    Connection local = connect(abc.get(0));
    AtomicInteger localGot = new AtomicInteger();
    local.createDispatcher(m -> localGot.incrementAndGet()).subscribe("work", "workers");
    local.flush(Duration.ofSeconds(2));
    got.clear();
    for (int i = 0; i < 100; i++) {
      pub.publish("work", new byte[] {2});
    }
    pub.flush(Duration.ofSeconds(2));
    await("the local member got 100", () -> localGot.get() == 100);
    Thread.sleep(200);
    assertThat(got).isEmpty();
  }

  @Test
  void requestReplyAcrossNodesAndNoResponders() throws Exception {
    List<TestServer> abc = threeNodes();
    Connection responder = connect(abc.get(2));
    responder
        .createDispatcher(
            m -> responder.publish(m.getReplyTo(), ("re:" + new String(m.getData())).getBytes()))
        .subscribe("svc.echo");
    responder.flush(Duration.ofSeconds(2));
    awaitInterest(abc.get(0), 1);
    Connection requester = connect(abc.get(0));
    Message reply = requester.request("svc.echo", "hi".getBytes(), Duration.ofSeconds(2));
    assertThat(new String(reply.getData())).isEqualTo("re:hi");
    // nothing anywhere: no responders, at once (jnats cancels the request)
    long started = System.nanoTime();
    assertThatThrownBy(() -> requester.request("svc.none", "x".getBytes()).get(2, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aNodeThatGoesAndComesBackRejoinsWithItsInterest() throws Exception {
    List<TestServer> abc = threeNodes();
    TestServer b = abc.get(1);
    int routePort = b.server().cluster().port();
    b.close();
    nodes.remove(b);
    await(
        "a and c see b gone",
        () ->
            abc.get(0).server().cluster().routeCount() == 1
                && abc.get(2).server().cluster().routeCount() == 1);
    TestServer b2 =
        TestServer.start(
            o ->
                o.set(NodeSettings.SERVER_NAME, "b2")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:" + routePort)
                    .set(NodeSettings.CLUSTER_NAME, "it")
                    .set(NodeSettings.ROUTES, routeUrl(abc.get(2))));
    nodes.add(b2);
    await(
        "the mesh again",
        () -> nodes.stream().allMatch(n -> n.server().cluster().routeCount() == 2));
    Connection sub = connect(b2);
    Subscription s = sub.subscribe("back");
    sub.flush(Duration.ofSeconds(2));
    awaitInterest(abc.get(0), 1);
    Connection pub = connect(abc.get(0));
    pub.publish("back", "again".getBytes());
    assertThat(s.nextMessage(Duration.ofSeconds(2))).isNotNull();
  }

  @Test
  void clientsLearnTheClusterUrlsAndMonitoringShowsRoutes() throws Exception {
    List<TestServer> abc = threeNodes();
    Connection c = connect(abc.get(0));
    await("connect_urls of three nodes", () -> c.getServers().size() >= 3);
    List<String> ports = abc.stream().map(n -> ":" + n.port()).toList();
    assertThat(String.join(" ", c.getServers())).contains(ports.get(1)).contains(ports.get(2));

    JsonNode routez = get(abc.get(0).httpUrl() + "/routez?subs=1");
    assertThat(routez.path("num_routes").asInt()).isEqualTo(2);
    assertThat(routez.path("routes").get(0).path("remote_name").asText()).isIn("b", "c");
    JsonNode varz = get(abc.get(0).httpUrl() + "/varz");
    assertThat(varz.path("routes").asInt()).isEqualTo(2);
    assertThat(varz.path("cluster").path("name").asText()).isEqualTo("it");
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(abc.get(0).httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics).contains("nats_route_out_msgs{remote_id=").contains("remote_name=\"b\"");
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }
}
