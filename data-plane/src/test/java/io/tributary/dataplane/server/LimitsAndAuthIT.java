package io.tributary.dataplane.server;

import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TOKEN;
import static io.tributary.dataplane.config.NodeSettings.EVENT_LOOPS;
import static io.tributary.dataplane.config.NodeSettings.MAX_CONNECTIONS;
import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.MAX_PENDING;
import static io.tributary.dataplane.config.NodeSettings.MAX_PINGS_OUT;
import static io.tributary.dataplane.config.NodeSettings.MAX_SUBSCRIPTIONS;
import static io.tributary.dataplane.config.NodeSettings.PASSWORD;
import static io.tributary.dataplane.config.NodeSettings.PING_INTERVAL;
import static io.tributary.dataplane.config.NodeSettings.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.dataplane.testing.RawClient;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Limits, simple auth, slow consumers and monitoring, over raw sockets and jnats. */
class LimitsAndAuthIT {
  private static final String C =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";
  private static final Duration QUIET = Duration.ofMillis(300);

  @Test
  void maxConnectionsRefusesTheNextOne() {
    try (TestServer s = TestServer.start(b -> b.set(MAX_CONNECTIONS, 2));
        RawClient a = RawClient.connect(s.port());
        RawClient b = RawClient.connect(s.port());
        RawClient c = RawClient.connect(s.port())) {
      RawClient.Transcript t = c.readUntilQuiet(QUIET);
      assertThat(t.text()).isEqualTo("-ERR 'maximum connections exceeded'\r\n");
      assertThat(t.closed()).isTrue();
      assertThat(a.exchange(C + "PING\r\n").text()).isEqualTo("PONG\r\n");
    }
  }

  /**
   * Regression (issue 10): the limit was checked, then the connection added, on each event loop
   * separately, so connections arriving together on several loops could pass it.
   */
  @Test
  void maxConnectionsIsExactUnderConcurrentConnects() throws Exception {
    int limit = 5;
    int clients = 60;
    try (TestServer s = TestServer.start(b -> b.set(MAX_CONNECTIONS, limit).set(EVENT_LOOPS, 4))) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RawClient>> connects = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        connects.add(
            pool.submit(
                () -> {
                  go.await();
                  return RawClient.connect(s.port());
                }));
      }
      go.countDown();
      List<RawClient> all = new ArrayList<>();
      for (Future<RawClient> f : connects) {
        all.add(f.get(10, TimeUnit.SECONDS));
      }
      List<Future<RawClient.Transcript>> outcomes = new ArrayList<>();
      for (RawClient c : all) {
        outcomes.add(pool.submit(() -> c.readUntilQuiet(QUIET)));
      }
      int accepted = 0;
      for (int i = 0; i < clients; i++) {
        RawClient.Transcript t = outcomes.get(i).get(10, TimeUnit.SECONDS);
        if (t.closed()) {
          assertThat(t.text()).isEqualTo("-ERR 'maximum connections exceeded'\r\n");
        } else {
          assertThat(all.get(i).exchange(C + "PING\r\n").text()).isEqualTo("PONG\r\n");
          accepted++;
        }
      }
      assertThat(accepted).as("admitted of " + clients + " concurrent connects").isEqualTo(limit);
      all.forEach(RawClient::close);
      pool.shutdownNow();
      // The slots are released: a new client gets in once the others are gone.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      String answer = "";
      while (!answer.equals("PONG\r\n") && System.nanoTime() < deadline) {
        try (RawClient again = RawClient.connect(s.port())) {
          answer = again.exchange(C + "PING\r\n").text();
        } catch (RuntimeException refusedWhileOthersClose) {
          Thread.sleep(20);
        }
      }
      assertThat(answer).isEqualTo("PONG\r\n");
    }
  }

  @Test
  void maxSubscriptionsKeepsTheConnection() {
    try (TestServer s = TestServer.start(b -> b.set(MAX_SUBSCRIPTIONS, 2));
        RawClient c = RawClient.connect(s.port())) {
      RawClient.Transcript t = c.exchange(C + "SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nPING\r\n");
      assertThat(t.text()).isEqualTo("-ERR 'maximum subscriptions exceeded'\r\nPONG\r\n");
      assertThat(t.closed()).isFalse();
    }
  }

  @Test
  void smallerMaxPayloadIsAdvertisedAndEnforced() {
    try (TestServer s = TestServer.start(b -> b.set(MAX_PAYLOAD, 10).set(MAX_PENDING, 1024L));
        RawClient c = RawClient.connect(s.port())) {
      assertThat(c.info()).contains("\"max_payload\":10");
      RawClient.Transcript t = c.exchange(C + "PUB foo 11\r\n");
      assertThat(t.text()).isEqualTo("-ERR 'Maximum Payload Violation'\r\n");
      assertThat(t.closed()).isTrue();
    }
  }

  @Test
  void tokenAuth() throws Exception {
    try (TestServer s = TestServer.start(b -> b.set(AUTH_TOKEN, "s3cret"))) {
      try (RawClient c = RawClient.connect(s.port())) {
        assertThat(c.info()).contains("\"auth_required\":true");
        RawClient.Transcript bad =
            c.exchange("CONNECT {\"verbose\":false,\"auth_token\":\"nope\"}\r\n");
        assertThat(bad.text()).isEqualTo("-ERR 'Authorization Violation'\r\n");
        assertThat(bad.closed()).isTrue();
      }
      try (RawClient c = RawClient.connect(s.port())) {
        RawClient.Transcript early = c.exchange("SUB foo 1\r\n");
        assertThat(early.text()).isEqualTo("-ERR 'Authorization Violation'\r\n");
        assertThat(early.closed()).isTrue();
      }
      try (Connection nc =
          Nats.connect(
              new Options.Builder().server(s.url()).token("s3cret".toCharArray()).build())) {
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      }
      assertThatThrownBy(
              () ->
                  Nats.connect(
                      new Options.Builder()
                          .server(s.url())
                          .token("x".toCharArray())
                          .maxReconnects(0)
                          .build()))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void userPasswordAuthAndAuthTimeout() throws Exception {
    try (TestServer s =
        TestServer.start(
            b ->
                b.set(USER, "alice")
                    .set(PASSWORD, "pw")
                    .set(AUTH_TIMEOUT, Duration.ofMillis(300)))) {
      try (Connection nc =
          Nats.connect(new Options.Builder().server(s.url()).userInfo("alice", "pw").build())) {
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      }
      try (RawClient c = RawClient.connect(s.port())) {
        assertThat(c.exchange("CONNECT {\"user\":\"alice\",\"pass\":\"wrong\"}\r\n").text())
            .isEqualTo("-ERR 'Authorization Violation'\r\n");
      }
      try (RawClient idle = RawClient.connect(s.port())) {
        RawClient.Transcript t = idle.readUntilQuiet(Duration.ofSeconds(2));
        assertThat(t.text()).isEqualTo("-ERR 'Authentication Timeout'\r\n");
        assertThat(t.closed()).isTrue();
      }
    }
  }

  @Test
  void staleConnectionsAreClosedAndLiveOnesKept() throws Exception {
    try (TestServer s =
        TestServer.start(b -> b.set(PING_INTERVAL, Duration.ofMillis(100)).set(MAX_PINGS_OUT, 2))) {
      try (Connection live = Nats.connect(new Options.Builder().server(s.url()).build());
          RawClient silent = RawClient.connect(s.port())) {
        silent.send(C);
        RawClient.Transcript t = silent.readUntilQuiet(Duration.ofSeconds(2));
        assertThat(t.text()).isEqualTo("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n");
        assertThat(t.closed()).isTrue();
        Thread.sleep(500);
        assertThat(live.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(s.server().stats().staleConnections()).isEqualTo(1);
      }
    }
  }

  @Test
  void headersAreStrippedForClientsWithoutHeaderSupport() {
    try (TestServer s = TestServer.start();
        RawClient plain = RawClient.connect(s.port());
        RawClient pub = RawClient.connect(s.port())) {
      plain.exchange("CONNECT {\"verbose\":false}\r\nSUB foo 1\r\nPING\r\n");
      pub.exchange(C + "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n");
      assertThat(plain.readUntilQuiet(QUIET).text()).isEqualTo("MSG foo 1 2\r\nhi\r\n");
    }
  }

  /**
   * A reader that reads, but slower than it is sent to, is told why before it is closed, as
   * nats-server tells it: {@code -ERR 'Slow Consumer'} after what its socket had already taken.
   */
  @Test
  void slowConsumerIsToldBeforeItIsClosed() throws Exception {
    long maxPending = 1024 * 1024;
    try (TestServer s = TestServer.start(b -> b.set(MAX_PENDING, maxPending));
        Socket slow = new Socket();
        Connection pub = Nats.connect(new Options.Builder().server(s.url()).build())) {
      slow.setReceiveBufferSize(16 * 1024);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()));
      slow.getOutputStream()
          .write((C + "SUB burst 1\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = slow.getInputStream()) {
                      for (int n; (n = in.read(buf)) >= 0; ) {
                        got.write(buf, 0, n);
                        Thread.sleep(1); // ~16 MB/s: slower than the publisher
                      }
                    } catch (IOException | InterruptedException closed) {
                      // the end of the connection
                    }
                  });
      byte[] payload = new byte[64 * 1024];
      for (int i = 0; i < 4000 && s.server().stats().slowConsumers() == 0; i++) {
        pub.publish("burst", payload);
      }
      pub.flush(Duration.ofSeconds(5));
      reader.join(10_000);
      assertThat(s.server().stats().slowConsumers()).isEqualTo(1);
      String tail = got.toString(StandardCharsets.ISO_8859_1);
      assertThat(tail.substring(Math.max(0, tail.length() - 100)))
          .endsWith("-ERR 'Slow Consumer'\r\n");
    }
  }

  /**
   * A subscriber that stops reading is cut off; the node's memory stays bounded and others keep
   * working.
   */
  @Test
  void slowConsumerIsCutOffAndOthersContinue() throws Exception {
    long maxPending = 1024 * 1024;
    try (TestServer s = TestServer.start(b -> b.set(MAX_PENDING, (long) maxPending));
        RawClient stalled = RawClient.stalledSubscriber(s.port(), "flood");
        Connection pub = Nats.connect(new Options.Builder().server(s.url()).build());
        Connection healthy = Nats.connect(new Options.Builder().server(s.url()).build())) {
      var sub = healthy.subscribe("other");
      healthy.flush(Duration.ofSeconds(1));
      byte[] payload = new byte[64 * 1024];
      for (int i = 0; i < 1000 && s.server().stats().slowConsumers() == 0; i++) {
        pub.publish(
            "flood", payload); // 64 MB if it never stopped; the stalled reader reads nothing
        if (i % 50 == 0) {
          pub.flush(Duration.ofSeconds(2));
        }
      }
      pub.flush(Duration.ofSeconds(2));
      assertThat(s.server().stats().slowConsumers()).isEqualTo(1);
      pub.publish("other", new byte[] {1});
      assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
      assertThat(s.server().clients())
          .allSatisfy(c -> assertThat(c.pendingBytes()).isLessThanOrEqualTo(maxPending + 70_000));
    }
  }

  @Test
  void monitoringEndpoints() throws Exception {
    try (TestServer s = TestServer.start();
        Connection nc =
            Nats.connect(new Options.Builder().server(s.url()).connectionName("mon").build())) {
      nc.subscribe("mon.a");
      nc.subscribe("mon.b", "q");
      nc.publish("mon.a", new byte[] {1, 2, 3});
      nc.flush(Duration.ofSeconds(1));
      ObjectMapper json = new ObjectMapper();
      HttpClient http = HttpClient.newHttpClient();
      JsonNode health = json.readTree(get(http, s.httpUrl() + "/healthz", 200));
      assertThat(health.get("status").asText()).isEqualTo("ok");
      JsonNode varz = json.readTree(get(http, s.httpUrl() + "/varz", 200));
      assertThat(varz.get("server_id").asText()).isEqualTo(s.server().serverId());
      assertThat(varz.get("connections").asInt()).isEqualTo(1);
      assertThat(varz.get("in_msgs").asLong()).isEqualTo(1);
      assertThat(varz.get("max_payload").asInt()).isEqualTo(1024 * 1024);
      JsonNode connz = json.readTree(get(http, s.httpUrl() + "/connz?subs=1", 200));
      assertThat(connz.get("total").asInt()).isEqualTo(1);
      JsonNode c = connz.get("connections").get(0);
      assertThat(c.get("name").asText()).isEqualTo("mon");
      assertThat(c.get("lang").asText()).isEqualTo("java");
      assertThat(c.get("subscriptions").asInt()).isEqualTo(2);
      assertThat(c.get("subscriptions_list").toString()).contains("mon.a", "mon.b");
      JsonNode paged = json.readTree(get(http, s.httpUrl() + "/connz?offset=1", 200));
      assertThat(paged.get("connections").size()).isZero();
      assertThat(get(http, s.httpUrl() + "/connz?limit=x", 400)).contains("limit must be");
      JsonNode subsz = json.readTree(get(http, s.httpUrl() + "/subsz?subs=1", 200));
      assertThat(subsz.get("num_subscriptions").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(subsz.get("subscriptions_list").toString()).contains("\"qgroup\":\"q\"");
      String metrics = get(http, s.httpUrl() + "/metrics", 200);
      assertThat(metrics)
          .contains(
              "nats_connections 1.0", "nats_in_msgs_total 1.0", "nats_slow_consumers_total 0.0");
      assertThat(get(http, s.httpUrl() + "/nope", 404)).contains("no such endpoint");
    }
  }

  private static String get(HttpClient http, String url, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(status);
    return r.body();
  }
}
