package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static io.tributary.auth.testing.CredsClient.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The system account: the resolver's {@code $SYS} subjects, live account updates, advisories and
 * server statistics — what a control plane does to and sees of a node, through jnats as the system
 * account's user.
 */
class ResolverIT {
  @TempDir static Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestOperator OP = new TestOperator();
  private static final TestUser SYS_USER = OP.system.user("sys");
  private static final TestAccount REVOKE = OP.account("revoke");
  private static final TestAccount LIMIT = OP.account("limit");
  private static final TestAccount KEYS = OP.account("keys");
  private static final TestAccount DOOMED = OP.account("doomed");
  private static final TestAccount EVENTS = OP.account("events");
  private static final TestUser KEYS_USER = KEYS.userBySigningKey("k");
  private static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    Path preload =
        OperatorMode.preload(
            dir, "preload", List.of(OP.system, REVOKE, LIMIT, KEYS, DOOMED, EVENTS));
    node = startNode(preload);
  }

  private static TestServer startNode(Path preload) {
    return OperatorMode.node(OP, dir.resolve("resolver"), preload);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void listAndLookup() throws Exception {
    try (Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      JsonNode list = JSON.readTree(request(sys, "$SYS.REQ.CLAIMS.LIST", ""));
      assertThat(list.get("data").toString()).contains(REVOKE.id(), LIMIT.id(), OP.system.id());
      assertThat(list.get("server").get("id").asText()).isEqualTo(node.server().serverId());
      String jwt =
          new String(
              request(sys, "$SYS.REQ.ACCOUNT." + LIMIT.id() + ".CLAIMS.LOOKUP", ""),
              StandardCharsets.UTF_8);
      assertThat(JwtCodec.decode(jwt).subject).isEqualTo(LIMIT.id());
      assertThat(request(sys, "$SYS.REQ.ACCOUNT.ANOTTHERE.CLAIMS.LOOKUP", "")).isEmpty();
    }
  }

  /**
   * The same revocation pushed to nats-server and to our node closes the live connection the same
   * way.
   */
  @Test
  void revocationReachesLiveConnections() throws Exception {
    try (NatsServerProcess reference =
        OperatorMode.reference(OP, dir, List.of(OP.system, REVOKE))) {
      for (String url : List.of(reference.url(), node.url())) {
        TestUser victim = REVOKE.user("victim");
        TestUser bystander = REVOKE.user("bystander");
        String victimCreds =
            victim.creds(); // the same JWT before and after: a re-signed one would be newer
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (Connection v = connect(url, victimCreds, errors, closed);
            Connection b = connect(url, bystander.creds(), new CopyOnWriteArrayList<>());
            Connection sys = connect(url, SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
          REVOKE.claims.nats.revocations.revoke(victim.key.publicKey(), victim.claims.issuedAt);
          byte[] reply =
              request(sys, "$SYS.REQ.ACCOUNT." + REVOKE.id() + ".CLAIMS.UPDATE", REVOKE.jwt());
          long replied = System.nanoTime();
          assertThat(JSON.readTree(reply).get("data").get("message").asText())
              .as(url)
              .isEqualTo("jwt updated");
          assertThat(closed.await(5, TimeUnit.SECONDS)).as(url + ": victim closed").isTrue();
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replied);
          System.out.println("revocation: reply to socket closed in " + ms + " ms on " + url);
          assertThat(errors).as(url).anyMatch(e -> e.contains("User Authentication Revoked"));
          assertThat(b.getStatus()).as(url).isEqualTo(Connection.Status.CONNECTED);
          assertThat(v.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
        }
        assertThat(outcome(url, victimCreds)).as(url).isEqualTo("Authorization Violation");
      }
    }
  }

  /** The same account advisories, with the same fields, on nats-server and on our node. */
  @Test
  void connectAndDisconnectAdvisories() throws Exception {
    try (NatsServerProcess reference =
        OperatorMode.reference(OP, dir, List.of(OP.system, EVENTS))) {
      for (String url : List.of(reference.url(), node.url())) {
        try (Connection sys = connect(url, SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
          var connects = sys.subscribe("$SYS.ACCOUNT." + EVENTS.id() + ".CONNECT");
          var disconnects = sys.subscribe("$SYS.ACCOUNT." + EVENTS.id() + ".DISCONNECT");
          sys.flush(Duration.ofSeconds(1));
          TestUser u = EVENTS.user("metered");
          try (Connection c = connect(url, u.creds(), new CopyOnWriteArrayList<>())) {
            c.publish("x", new byte[7]);
            c.flush(Duration.ofSeconds(1));
          }
          JsonNode connect = JSON.readTree(connects.nextMessage(Duration.ofSeconds(2)).getData());
          assertThat(connect.get("type").asText())
              .as(url)
              .isEqualTo("io.nats.server.advisory.v1.client_connect");
          assertThat(connect.get("client").get("acc").asText()).as(url).isEqualTo(EVENTS.id());
          assertThat(connect.get("client").get("user").asText())
              .as(url)
              .isEqualTo(u.key.publicKey());
          assertThat(connect.get("client").get("name_tag").asText()).as(url).isEqualTo("metered");
          JsonNode disconnect =
              JSON.readTree(disconnects.nextMessage(Duration.ofSeconds(2)).getData());
          assertThat(disconnect.get("type").asText())
              .as(url)
              .isEqualTo("io.nats.server.advisory.v1.client_disconnect");
          assertThat(disconnect.get("sent").get("msgs").asLong()).as(url).isEqualTo(1);
          assertThat(disconnect.get("sent").get("bytes").asLong()).as(url).isEqualTo(7);
          assertThat(disconnect.get("received").get("msgs").asLong()).as(url).isZero();
          assertThat(disconnect.get("reason").asText()).as(url).isEqualTo("Client Closed");
          assertThat(disconnect.get("server").has("id")).as(url).isTrue();
        }
      }
    }
  }

  /** $SYS.REQ.SERVER.PING (and .VARZ) and the periodic STATSZ, with nats-server's fields. */
  @Test
  void serverPingAndStatsz() throws Exception {
    List<List<String>> shapes = new ArrayList<>();
    try (NatsServerProcess reference = OperatorMode.reference(OP, dir, List.of(OP.system))) {
      for (String url : List.of(reference.url(), node.url())) {
        try (Connection sys = connect(url, SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
          var periodic = sys.subscribe("$SYS.SERVER.*.STATSZ");
          sys.flush(Duration.ofSeconds(1));
          JsonNode ping = JSON.readTree(request(sys, "$SYS.REQ.SERVER.PING", ""));
          String id = ping.get("server").get("id").asText();
          assertThat(ping.get("statsz").get("connections").asInt()).as(url).isPositive();
          JsonNode varz = JSON.readTree(request(sys, "$SYS.REQ.SERVER.PING.VARZ", ""));
          assertThat(varz.get("data").get("server_id").asText()).as(url).isEqualTo(id);
          JsonNode byId = JSON.readTree(request(sys, "$SYS.REQ.SERVER." + id + ".STATSZ", ""));
          assertThat(byId.get("statsz").get("start").asText())
              .isEqualTo(ping.get("statsz").get("start").asText());
          var m = periodic.nextMessage(Duration.ofSeconds(5));
          assertThat(m).as(url + ": periodic STATSZ").isNotNull();
          assertThat(m.getSubject()).isEqualTo("$SYS.SERVER." + id + ".STATSZ");
          List<String> shape = new ArrayList<>();
          ping.fieldNames().forEachRemaining(shape::add);
          ping.get("server").fieldNames().forEachRemaining(f -> shape.add("server." + f));
          ping.get("statsz").fieldNames().forEachRemaining(f -> shape.add("statsz." + f));
          shapes.add(shape);
        }
      }
    }
    assertThat(shapes.get(1)).isEqualTo(shapes.get(0));
  }

  @Test
  void lowerConnectionLimitClosesTheNewest() throws Exception {
    List<String> newestErrors = new CopyOnWriteArrayList<>();
    CountDownLatch newestClosed = new CountDownLatch(1);
    try (Connection oldest =
            connect(node.url(), LIMIT.user("a").creds(), new CopyOnWriteArrayList<>());
        Connection newest =
            connect(node.url(), LIMIT.user("b").creds(), newestErrors, newestClosed);
        Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      LIMIT.claims.nats.limits.conn = 1;
      request(sys, "$SYS.REQ.CLAIMS.UPDATE", LIMIT.jwt());
      assertThat(newestClosed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(newestErrors)
          .anyMatch(e -> e.contains("maximum account active connections exceeded"));
      assertThat(oldest.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      assertThat(outcome(node.url(), LIMIT.user("c").creds()))
          .isEqualTo("maximum account active connections exceeded");
    }
  }

  /**
   * What a control plane does to a full resolver — push, LOOKUP, LIST, remove a signing key, DELETE
   * — gives the same answers and effects on nats-server (full resolver) and on our node.
   */
  @Test
  void fullResolverSubjectsMatchNatsServer() throws Exception {
    TestOperator op = new TestOperator();
    TestUser sysUser = op.system.user("sys");
    List<List<String>> seen = new ArrayList<>();
    try (TestServer ours =
            OperatorMode.node(
                op,
                dir.resolve("full-ours"),
                OperatorMode.preload(dir, "full-preload", List.of(op.system)));
        NatsServerProcess ref =
            OperatorMode.referenceWithFullResolver(op, dir, List.of(op.system))) {
      for (String url : List.of(ref.url(), ours.url())) {
        TestAccount plain = op.account("plain");
        TestAccount keyed = op.account("keyed");
        TestUser keyedUser = keyed.userBySigningKey("k");
        List<String> s = new ArrayList<>();
        try (Connection sys = connect(url, sysUser.creds(), new CopyOnWriteArrayList<>())) {
          String plainJwt = plain.jwt();
          s.add(message(request(sys, "$SYS.REQ.CLAIMS.UPDATE", plainJwt)));
          s.add(message(request(sys, "$SYS.REQ.CLAIMS.UPDATE", keyed.jwt())));
          s.add(message(request(sys, "$SYS.REQ.CLAIMS.UPDATE", plainJwt))); // the same again
          String looked =
              new String(
                  request(sys, "$SYS.REQ.ACCOUNT." + plain.id() + ".CLAIMS.LOOKUP", ""),
                  StandardCharsets.UTF_8);
          s.add("lookup returns the pushed JWT: " + looked.equals(plainJwt));
          JsonNode list = JSON.readTree(request(sys, "$SYS.REQ.CLAIMS.LIST", ""));
          List<String> ids = new ArrayList<>();
          list.get("data").forEach(n -> ids.add(n.asText()));
          s.add(
              "list: "
                  + ids.containsAll(List.of(op.system.id(), plain.id(), keyed.id()))
                  + " "
                  + ids.size());

          List<String> keyedErrors = new CopyOnWriteArrayList<>();
          CountDownLatch keyedClosed = new CountDownLatch(1);
          List<String> plainErrors = new CopyOnWriteArrayList<>();
          CountDownLatch plainClosed = new CountDownLatch(1);
          try (Connection k = connect(url, keyedUser.creds(), keyedErrors, keyedClosed);
              Connection p = connect(url, plain.user("p").creds(), plainErrors, plainClosed)) {
            keyed.claims.nats.signingKeys.remove(keyedUser.signer.publicKey());
            s.add(message(request(sys, "$SYS.REQ.CLAIMS.UPDATE", keyed.jwt())));
            s.add("signer removed, user closed: " + keyedClosed.await(5, TimeUnit.SECONDS));
            s.add("errors: " + keyedErrors);
            GenericClaims del = new GenericClaims(op.key.publicKey());
            del.nats.put("accounts", List.of(plain.id()));
            s.add(message(request(sys, "$SYS.REQ.CLAIMS.DELETE", JwtCodec.encode(del, op.key))));
            s.add("deleted, user closed: " + plainClosed.await(5, TimeUnit.SECONDS));
            s.add("errors: " + CredsClient.awaitErrors(plainErrors, 1));
          }
        }
        seen.add(s);
      }
    }
    assertThat(seen.get(0))
        .containsExactly(
            "jwt updated",
            "jwt updated",
            "jwt updated", // the full resolver stores the same JWT again
            "lookup returns the pushed JWT: true",
            "list: true 3",
            "jwt updated",
            "signer removed, user closed: true",
            "errors: []",
            "deleted 1 accounts",
            "deleted, user closed: true",
            "errors: [Account Authentication Expired]");
    assertThat(seen.get(1)).as("ours vs nats-server").isEqualTo(seen.get(0));
  }

  private static String message(byte[] response) throws IOException {
    JsonNode r = JSON.readTree(response);
    return r.has("data")
        ? r.get("data").get("message").asText()
        : "error: " + r.get("error").get("description").asText();
  }

  @Test
  void removingASigningKeyDisconnectsItsUsers() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    try (Connection u =
            connect(node.url(), KEYS_USER.creds(), new CopyOnWriteArrayList<>(), closed);
        Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      KEYS.claims.nats.signingKeys.remove(KEYS_USER.signer.publicKey());
      request(sys, "$SYS.REQ.CLAIMS.UPDATE", KEYS.jwt());
      assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void deletingAnAccountExpiresItsConnections() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    CountDownLatch closed = new CountDownLatch(1);
    try (Connection u = connect(node.url(), DOOMED.user("d").creds(), errors, closed);
        Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      GenericClaims del = new GenericClaims(OP.key.publicKey());
      del.nats.put("accounts", List.of(DOOMED.id()));
      JsonNode r =
          JSON.readTree(request(sys, "$SYS.REQ.CLAIMS.DELETE", JwtCodec.encode(del, OP.key)));
      assertThat(r.get("data").get("message").asText()).isEqualTo("deleted 1 accounts");
      assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).anyMatch(e -> e.contains("Account Authentication Expired"));
      assertThat(request(sys, "$SYS.REQ.ACCOUNT." + DOOMED.id() + ".CLAIMS.LOOKUP", "")).isEmpty();
      GenericClaims system = new GenericClaims(OP.key.publicKey());
      system.nats.put("accounts", List.of(OP.system.id()));
      JsonNode refused =
          JSON.readTree(request(sys, "$SYS.REQ.CLAIMS.DELETE", JwtCodec.encode(system, OP.key)));
      assertThat(refused.get("error").get("description").asText())
          .contains("not allowed to delete system account");
    }
  }

  @Test
  void badPushesAreRefusedAndNothingIsStored() throws Exception {
    try (Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      assertThat(error(sys, "$SYS.REQ.CLAIMS.UPDATE", "garbage"))
          .contains("jwt update resulted in error");
      TestAccount stranger = new TestOperator().account("stranger");
      assertThat(error(sys, "$SYS.REQ.CLAIMS.UPDATE", stranger.jwt())).contains("not trusted");
      assertThat(error(sys, "$SYS.REQ.ACCOUNT." + LIMIT.id() + ".CLAIMS.UPDATE", KEYS.jwt()))
          .contains("subject does not match jwt content");
      String older = JwtCodec.encode(LIMIT.claims, OP.signingKey, 1_600_000_000L);
      assertThat(error(sys, "$SYS.REQ.CLAIMS.UPDATE", older)).contains("older than the stored JWT");
      assertThat(error(sys, "$SYS.REQ.CLAIMS.UPDATE", REVOKE.user("x").jwt()))
          .contains("jwt update resulted in error");
      JsonNode list = JSON.readTree(request(sys, "$SYS.REQ.CLAIMS.LIST", ""));
      assertThat(list.get("data").toString()).doesNotContain(stranger.id());
    }
    // Outside the system account nothing answers on $SYS subjects.
    try (Connection tenant =
        connect(node.url(), LIMIT.user("t").creds(), new CopyOnWriteArrayList<>())) {
      assertThat(
              tenant.request(
                  "$SYS.REQ.CLAIMS.UPDATE", LIMIT.jwt().getBytes(), Duration.ofSeconds(2)))
          .isNull();
    }
  }

  @Test
  void updatesSurviveARestart() throws Exception {
    TestAccount persisted = OP.account("persisted");
    TestUser user = persisted.user("p");
    try (Connection sys = connect(node.url(), SYS_USER.creds(), new CopyOnWriteArrayList<>())) {
      request(sys, "$SYS.REQ.CLAIMS.UPDATE", persisted.jwt());
    }
    assertThat(Files.exists(dir.resolve("resolver").resolve(persisted.id() + ".jwt"))).isTrue();
    try (TestServer restarted = startNode(null)) {
      assertThat(outcome(restarted.url(), user.creds())).isEqualTo("connected");
    }
  }

  private static String error(Connection sys, String subject, String body) throws Exception {
    JsonNode r = JSON.readTree(request(sys, subject, body));
    assertThat(r.has("error")).as(r.toString()).isTrue();
    assertThat(r.get("error").get("code").asInt()).isEqualTo(500);
    return r.get("error").get("description").asText();
  }

  private static byte[] request(Connection nc, String subject, String body) throws Exception {
    Message m = nc.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    assertThat(m).as("reply to " + subject).isNotNull();
    return m.getData() == null ? new byte[0] : m.getData();
  }
}
