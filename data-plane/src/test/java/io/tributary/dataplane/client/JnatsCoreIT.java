package io.tributary.dataplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.ServerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.dataplane.testing.TestServer;

/** Core NATS through jnats, the client users will see: the compatibility matrix C1–C13. */
class JnatsCoreIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Connection connect() throws Exception {
    return connect(new Options.Builder());
  }

  private static Connection connect(Options.Builder b) throws Exception {
    return Nats.connect(
        b.server(server.url()).connectionTimeout(Duration.ofSeconds(3)).maxReconnects(0).build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handshakeAdvertisesWhatClientsNeed() throws Exception {
    try (Connection nc = connect()) {
      ServerInfo info = nc.getServerInfo();
      assertThat(info.isHeadersSupported()).isTrue();
      assertThat(info.getMaxPayload()).isEqualTo(1024 * 1024);
      assertThat(info.getProtocolVersion()).isEqualTo(1);
      assertThat(info.getServerId()).startsWith("N").hasSize(56);
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      nc.flush(Duration.ofSeconds(1));
      assertThat(nc.RTT()).isPositive();
    }
  }

  @Test
  void publishSubscribe() throws Exception {
    try (Connection nc = connect()) {
      Subscription sub = nc.subscribe("a.b");
      nc.publish("a.b", bytes("hello"));
      Message m = sub.nextMessage(Duration.ofSeconds(2));
      assertThat(m.getSubject()).isEqualTo("a.b");
      assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
  }

  @Test
  void wildcardsMatchAsInNats() throws Exception {
    try (Connection nc = connect()) {
      Subscription star = nc.subscribe("a.*");
      Subscription gt = nc.subscribe("a.>");
      nc.flush(Duration.ofSeconds(1));
      for (String s : List.of("a.b", "a.b.c", "b", "a")) {
        nc.publish(s, bytes(s));
      }
      nc.flush(Duration.ofSeconds(1));
      assertThat(drain(star)).containsExactly("a.b");
      assertThat(drain(gt)).containsExactly("a.b", "a.b.c");
    }
  }

  @Test
  void queueGroupsGetEachMessageOnce() throws Exception {
    try (Connection nc = connect();
        Connection pub = connect()) {
      Subscription q1 = nc.subscribe("q", "grp");
      Subscription q2 = nc.subscribe("q", "grp");
      Subscription plain = nc.subscribe("q");
      nc.flush(Duration.ofSeconds(1));
      for (int i = 0; i < 1000; i++) {
        pub.publish("q", bytes("m" + i));
      }
      pub.flush(Duration.ofSeconds(2));
      nc.flush(Duration.ofSeconds(2));
      int a = drain(q1).size();
      int b = drain(q2).size();
      assertThat(drain(plain)).hasSize(1000);
      assertThat(a + b).isEqualTo(1000);
      assertThat(a).isPositive();
      assertThat(b).isPositive();
    }
  }

  @Test
  void autoUnsubscribeStopsAfterMax() throws Exception {
    try (Connection nc = connect()) {
      Subscription sub = nc.subscribe("auto");
      sub.unsubscribe(3);
      for (int i = 0; i < 10; i++) {
        nc.publish("auto", bytes("x"));
      }
      nc.flush(Duration.ofSeconds(1));
      for (int i = 0; i < 3; i++) {
        assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
      }
      assertThat(sub.isActive()).isFalse();
      List<String> left = new ArrayList<>();
      server.server().accounts().globalAccount().sublist().forEach(s -> left.add(s.subject()));
      assertThat(left).doesNotContain("auto");
      assertThat(server.server().stats().outMsgs()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void requestReplyAndNoResponders() throws Exception {
    try (Connection nc = connect();
        Connection responder = connect()) {
      Dispatcher d =
          responder.createDispatcher(
              m -> responder.publish(m.getReplyTo(), bytes("re:" + new String(m.getData()))));
      d.subscribe("svc.echo");
      responder.flush(Duration.ofSeconds(1));
      Message reply = nc.request("svc.echo", bytes("hi"), Duration.ofSeconds(2));
      assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("re:hi");
      assertThat(nc.request("nobody.home", bytes("?"), Duration.ofSeconds(5))).isNull();
      // What makes jnats give up at once: the 503 status on the requester's own inbox.
      Subscription inbox = nc.subscribe("_INBOX.direct");
      nc.publish("nobody.home", "_INBOX.direct", bytes("?"));
      Message status = inbox.nextMessage(Duration.ofSeconds(2));
      assertThat(status).isNotNull();
      assertThat(status.isStatusMessage()).isTrue();
      assertThat(status.getStatus().getCode()).isEqualTo(503);
    }
  }

  @Test
  void headersArriveWithRepeatsAndCase() throws Exception {
    try (Connection nc = connect()) {
      Subscription sub = nc.subscribe("h");
      Headers h = new Headers().add("A", "1").add("A", "2").add("Mixed-Case", "v");
      nc.publish(NatsMessage.builder().subject("h").headers(h).data(bytes("body")).build());
      Message m = sub.nextMessage(Duration.ofSeconds(2));
      assertThat(m.getHeaders().get("A")).containsExactly("1", "2");
      assertThat(m.getHeaders().get("Mixed-Case")).containsExactly("v");
      assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("body");
    }
  }

  @Test
  void echoOffSkipsOwnMessages() throws Exception {
    try (Connection nc = connect(new Options.Builder().noEcho());
        Connection other = connect()) {
      Subscription own = nc.subscribe("echo");
      Subscription theirs = other.subscribe("echo");
      nc.flush(Duration.ofSeconds(1));
      other.flush(Duration.ofSeconds(1));
      nc.publish("echo", bytes("x"));
      nc.flush(Duration.ofSeconds(1));
      assertThat(theirs.nextMessage(Duration.ofSeconds(2))).isNotNull();
      assertThat(own.nextMessage(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void payloadsUpToMaxAndManySubscriptionsAndConnections() throws Exception {
    try (Connection nc = connect()) {
      byte[] big = new byte[1024 * 1024];
      big[big.length - 1] = 7;
      Subscription sub = nc.subscribe("big");
      nc.publish("big", big);
      assertThat(sub.nextMessage(Duration.ofSeconds(3)).getData()).isEqualTo(big);

      AtomicInteger received = new AtomicInteger();
      CountDownLatch all = new CountDownLatch(5000);
      Dispatcher d =
          nc.createDispatcher(
              m -> {
                received.incrementAndGet();
                all.countDown();
              });
      for (int i = 0; i < 5000; i++) {
        d.subscribe("many." + i);
      }
      nc.flush(Duration.ofSeconds(2));
      for (int i = 0; i < 5000; i++) {
        nc.publish("many." + i, bytes("x"));
      }
      assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.server().accounts().globalAccount().sublist().count())
          .isGreaterThanOrEqualTo(5000);
    }
    List<Connection> conns = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        conns.add(connect());
      }
      assertThat(server.server().clients().size()).isGreaterThanOrEqualTo(200);
    } finally {
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  @Test
  void verboseAndPedanticClientsWork() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    try (Connection nc =
        connect(
            new Options.Builder()
                .verbose()
                .pedantic()
                .errorListener(
                    new io.nats.client.ErrorListener() {
                      @Override
                      public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                      }
                    }))) {
      Subscription sub = nc.subscribe("v");
      nc.publish("v", bytes("x"));
      assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
      assertThat(nc.getStatistics().getOKs()).isPositive();
    }
    assertThat(errors).isEmpty();
  }

  private static List<String> drain(Subscription sub) throws InterruptedException {
    List<String> out = new ArrayList<>();
    Message m;
    while ((m = sub.nextMessage(Duration.ofMillis(200))) != null) {
      out.add(m.getSubject());
    }
    return out;
  }
}
