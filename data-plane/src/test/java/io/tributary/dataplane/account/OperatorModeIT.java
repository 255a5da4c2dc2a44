package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static io.tributary.auth.testing.CredsClient.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.Tampering;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.RawClient;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Operator mode: accounts are JWTs signed by a trusted operator, users connect with creds made by
 * auth/. Every connect outcome is checked on our node and on nats-server configured with the same
 * operator and accounts.
 */
class OperatorModeIT {
  @TempDir static Path dir;
  private static final TestOperator OP = new TestOperator();
  private static final TestAccount ACME = OP.account("acme");
  private static final TestAccount GLOBEX = OP.account("globex");
  private static final TestAccount TINY = OP.account("tiny");
  private static final TestAccount STRANGER = new TestOperator().account("stranger");
  private static final TestUser APP = ACME.user("app");
  private static final TestUser LIMITED = ACME.user("limited");
  private static final TestUser G_USER = GLOBEX.user("g");
  private static final TestUser EXPIRED = ACME.user("expired");
  private static final TestUser NOT_YET_VALID = ACME.user("not-yet-valid");
  private static final TestUser REVOKED = ACME.user("revoked");
  private static final TestUser TINY_USER = TINY.user("t");
  private static final TestUser UNTRUSTED = STRANGER.user("u");
  private static final long NOW = Instant.now().getEpochSecond();
  private static String revokedJwt;
  private static TestServer ours;
  private static NatsServerProcess reference;

  @BeforeAll
  static void start() throws IOException {
    LIMITED.claims.nats.pub.allow("orders.>").deny("orders.secret");
    LIMITED.claims.nats.sub.allow("orders.*", "_INBOX.>");
    EXPIRED.claims.expires = NOW - 60;
    NOT_YET_VALID.claims.notBefore = NOW + 3600;
    revokedJwt = REVOKED.jwt(NOW - 120);
    ACME.claims.nats.revocations.revoke(REVOKED.key.publicKey(), NOW - 60);
    TINY.claims.nats.limits.conn = 1;
    Path preload =
        OperatorMode.preload(dir, "preload", List.of(OP.system, ACME, GLOBEX, TINY, STRANGER));
    ours = startOurs(preload);
    reference = OperatorMode.reference(OP, dir, List.of(OP.system, ACME, GLOBEX, TINY));
  }

  private static TestServer startOurs(Path preload) {
    return OperatorMode.node(OP, dir.resolve("resolver"), preload);
  }

  @AfterAll
  static void stop() {
    if (ours != null) {
      ours.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void infoCarriesANonceAndRequiresAuth() {
    try (RawClient c = RawClient.connect(ours.port())) {
      assertThat(c.info())
          .contains("\"auth_required\":true")
          .containsPattern("\"nonce\":\"[A-Za-z0-9_-]{15}\"");
      RawClient.Transcript t = c.exchange("CONNECT {\"verbose\":false}\r\nPING\r\n");
      assertThat(t.text()).isEqualTo("-ERR 'Authorization Violation'\r\n");
      assertThat(t.closed()).isTrue();
    }
  }

  @Test
  void connectOutcomesMatchNatsServer() throws Exception {
    for (String url : List.of(ours.url(), reference.url())) {
      assertThat(outcome(url, APP.creds())).as(url).isEqualTo("connected");
      assertThat(outcome(url, EXPIRED.creds())).as(url).isEqualTo("Authorization Violation");
      assertThat(outcome(url, NOT_YET_VALID.creds())).as(url).isEqualTo("Authorization Violation");
      assertThat(outcome(url, CredsFile.format(revokedJwt, REVOKED.key)))
          .as(url)
          .isEqualTo("Authorization Violation");
      assertThat(outcome(url, UNTRUSTED.creds())).as(url).isEqualTo("Authorization Violation");
      String garbage = APP.creds().replace(APP.jwt().substring(40, 60), "AAAAAAAAAAAAAAAAAAAA");
      assertThat(outcome(url, garbage)).as(url).isNotEqualTo("connected");
    }
  }

  /** Malformed or forged credentials: the same refusal on both servers, and the node unharmed. */
  @Test
  void badCredentialsAreRefused() throws Exception {
    TestUser other = ACME.user("other");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("bad signature", CredsFile.format(Tampering.badSignature(APP.jwt()), APP.key));
    bad.put("account JWT as user JWT", CredsFile.format(ACME.jwt(), APP.key));
    bad.put("operator JWT as user JWT", CredsFile.format(OP.jwt(), APP.key));
    bad.put("someone else's JWT", CredsFile.format(other.jwt(), APP.key));
    bad.put("not a JWT", CredsFile.format("not.a.jwt", APP.key));
    List<List<String>> transcripts = new ArrayList<>();
    for (String url : List.of(reference.url(), ours.url())) {
      for (var e : bad.entrySet()) {
        assertThat(outcome(url, e.getValue()))
            .as(url + ": " + e.getKey())
            .isEqualTo("Authorization Violation");
      }
      int port = URI.create(url).getPort();
      List<String> transcript = new ArrayList<>();
      for (String connect :
          List.of(
              "CONNECT {\"jwt\":\"garbage\",\"sig\":\"x\"}\r\n",
              "CONNECT {\"jwt\":12,\"sig\":[]}\r\n",
              "CONNECT {\"jwt\":\"" + APP.jwt() + "\"}\r\n")) {
        try (RawClient c = RawClient.connect(port)) {
          c.info();
          RawClient.Transcript t = c.exchange(connect + "PING\r\n");
          assertThat(t.closed()).as(url + ": " + connect).isTrue();
          transcript.add(t.text());
        }
      }
      transcripts.add(transcript);
      assertThat(outcome(url, APP.creds())).as(url + ": still serving").isEqualTo("connected");
    }
    assertThat(transcripts.get(1)).as("raw CONNECTs").isEqualTo(transcripts.get(0));
  }

  /**
   * A second CONNECT (here without a JWT) takes its options and keeps the identity the first one
   * proved, as on nats-server; the connection is counted once in its account.
   */
  @Test
  void aSecondConnectKeepsTheIdentity() throws Exception {
    for (String url : List.of(reference.url(), ours.url())) {
      try (RawClient c = RawClient.connect(URI.create(url).getPort())) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\"nonce\":\"([^\"]+)\"").matcher(c.info());
        assertThat(m.find()).isTrue();
        String sig =
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(APP.key.sign(m.group(1).getBytes(StandardCharsets.US_ASCII)));
        RawClient.Transcript t =
            c.exchange(
                "CONNECT {\"verbose\":true,\"jwt\":\""
                    + APP.jwt()
                    + "\",\"sig\":\""
                    + sig
                    + "\"}\r\nCONNECT {\"verbose\":false}\r\nSUB again 1\r\nPING\r\n");
        assertThat(t.closed()).as(url).isFalse();
        assertThat(t.text()).as(url).isEqualTo("+OK\r\nPONG\r\n");
        if (url.equals(ours.url())) {
          assertThat(ours.server().accounts().get(ACME.id()).connections()).isEqualTo(1);
        }
      }
    }
  }

  /**
   * A tenant asks about its own account on the {@code $SYS.REQ} subjects nats-server answers in
   * every account: the same envelope and fields on both servers, and only its own connections.
   */
  @Test
  void tenantsAskAboutTheirOwnAccount() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> shapes = new LinkedHashMap<>();
    for (String url : List.of(reference.url(), ours.url())) {
      try (Connection nc = connect(url, APP.creds(), new CopyOnWriteArrayList<>());
          Connection neighbour = connect(url, G_USER.creds(), new CopyOnWriteArrayList<>())) {
        neighbour.flush(Duration.ofSeconds(1));
        List<String> shape = new ArrayList<>();
        for (String subject :
            List.of(
                "$SYS.REQ.ACCOUNT.PING.CONNZ",
                "$SYS.REQ.SERVER.PING.CONNZ",
                "$SYS.REQ.ACCOUNT.PING.STATZ")) {
          Message m = nc.request(subject, new byte[0], Duration.ofSeconds(2));
          assertThat(m).as(url + " " + subject).isNotNull();
          JsonNode r = json.readTree(m.getData());
          JsonNode data = r.get("data");
          shape.add(subject + " " + fieldNames(r) + " " + fieldNames(data));
          if (subject.endsWith("CONNZ")) {
            assertThat(data.get("total").asInt()).as(url + ": only acme's").isEqualTo(1);
          } else {
            JsonNode statz = data.get("account_statz").get(0);
            assertThat(statz.get("acc").asText()).isEqualTo(ACME.id());
            assertThat(statz.get("conns").asInt()).isEqualTo(1);
            shape.add("account_statz " + fieldNames(statz));
          }
        }
        shapes.put(url, shape);
      }
    }
    assertThat(shapes.get(ours.url())).isEqualTo(shapes.get(reference.url()));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void accountsAreIsolated() throws Exception {
    for (String url : List.of(ours.url(), reference.url())) {
      try (Connection acme = connect(url, APP.creds(), new CopyOnWriteArrayList<>());
          Connection globex = connect(url, G_USER.creds(), new CopyOnWriteArrayList<>())) {
        Subscription inAcme = acme.subscribe("shared.subject");
        Subscription inGlobex = globex.subscribe("shared.subject");
        acme.flush(Duration.ofSeconds(1));
        globex.flush(Duration.ofSeconds(1));
        acme.publish("shared.subject", "acme only".getBytes(StandardCharsets.UTF_8));
        acme.flush(Duration.ofSeconds(1));
        Message m = inAcme.nextMessage(Duration.ofSeconds(2));
        assertThat(m).as(url).isNotNull();
        assertThat(inGlobex.nextMessage(Duration.ofMillis(300)))
            .as(url + ": globex must see nothing")
            .isNull();
      }
    }
  }

  @Test
  void permissionsAreEnforcedAndTheConnectionStays() throws Exception {
    for (String url : List.of(ours.url(), reference.url())) {
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection nc = connect(url, LIMITED.creds(), errors)) {
        Subscription ok = nc.subscribe("orders.new");
        nc.subscribe("payments.>");
        nc.flush(Duration.ofSeconds(1));
        nc.publish("orders.new", new byte[] {1});
        nc.publish("orders.secret", new byte[] {2});
        nc.publish("payments.x", new byte[] {3});
        nc.flush(Duration.ofSeconds(1));
        assertThat(ok.nextMessage(Duration.ofSeconds(2)).getData()).as(url).containsExactly(1);
        CredsClient.awaitErrors(errors, 3);
        assertThat(errors)
            .as(url)
            .anyMatch(e -> e.contains("Permissions Violation for Subscription to \"payments.>\""))
            .anyMatch(e -> e.contains("Permissions Violation for Publish to \"orders.secret\""))
            .anyMatch(e -> e.contains("Permissions Violation for Publish to \"payments.x\""));
        assertThat(nc.getStatus()).as(url).isEqualTo(Connection.Status.CONNECTED);
      }
    }
  }

  @Test
  void accountConnectionLimit() throws Exception {
    for (String url : List.of(ours.url(), reference.url())) {
      try (Connection first = connect(url, TINY_USER.creds(), new CopyOnWriteArrayList<>())) {
        assertThat(outcome(url, TINY_USER.creds()))
            .as(url)
            .isEqualTo("maximum account active connections exceeded");
        assertThat(first.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      }
    }
  }

  @Test
  void aUserIsCutOffWhenItsJwtExpires() throws Exception {
    for (String url : List.of(ours.url(), reference.url())) {
      TestUser shortLived = ACME.user("short-lived");
      shortLived.claims.expires = Instant.now().getEpochSecond() + 2;
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection nc = connect(url, shortLived.creds(), errors)) {
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        for (int i = 0; i < 80 && errors.isEmpty(); i++) {
          Thread.sleep(50);
        }
        assertThat(errors).as(url).anyMatch(e -> e.contains("User Authentication Expired"));
      }
    }
  }

  @Test
  void perAccountAccountingIsExact() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    String acme = ours.httpUrl() + "/accountz?acc=" + ACME.id();
    String globex = ours.httpUrl() + "/accountz?acc=" + GLOBEX.id();
    var acmeBefore = json.readTree(get(http, acme)).get("account_detail");
    var globexBefore = json.readTree(get(http, globex)).get("account_detail");
    try (Connection a = connect(ours.url(), APP.creds(), new CopyOnWriteArrayList<>());
        Connection g = connect(ours.url(), G_USER.creds(), new CopyOnWriteArrayList<>())) {
      Subscription sub = a.subscribe("metered");
      a.flush(Duration.ofSeconds(1));
      for (int i = 0; i < 3; i++) {
        a.publish("metered", new byte[10]);
      }
      a.flush(Duration.ofSeconds(1));
      for (int i = 0; i < 3; i++) {
        assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
      }
      var acmeAfter = json.readTree(get(http, acme)).get("account_detail");
      var globexAfter = json.readTree(get(http, globex)).get("account_detail");
      assertThat(acmeAfter.get("in_msgs").asLong() - acmeBefore.get("in_msgs").asLong())
          .isEqualTo(3);
      assertThat(acmeAfter.get("in_bytes").asLong() - acmeBefore.get("in_bytes").asLong())
          .isEqualTo(30);
      assertThat(acmeAfter.get("out_msgs").asLong() - acmeBefore.get("out_msgs").asLong())
          .isEqualTo(3);
      assertThat(acmeAfter.get("client_connections").asInt()).isEqualTo(1);
      assertThat(globexAfter.get("in_msgs").asLong())
          .isEqualTo(globexBefore.get("in_msgs").asLong());
      var connz = json.readTree(get(http, ours.httpUrl() + "/connz?acc=" + GLOBEX.id()));
      assertThat(connz.get("total").asInt()).isEqualTo(1);
      assertThat(connz.get("connections").get(0).get("account").asText()).isEqualTo(GLOBEX.id());
      assertThat(connz.get("connections").get(0).get("authorized_user").asText())
          .isEqualTo(G_USER.key.publicKey());
      assertThat(get(http, ours.httpUrl() + "/metrics"))
          .contains("nats_account_in_msgs{account=\"" + ACME.id() + "\"}");
      assertThat(json.readTree(get(http, ours.httpUrl() + "/accountz")).get("accounts").toString())
          .contains(ACME.id());
    }
  }

  private static String get(java.net.http.HttpClient http, String url) throws Exception {
    var r =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  @Test
  void accountsSurviveARestartWithoutPreload() throws Exception {
    TestServer second =
        TestServer.start(
            b ->
                b.operator(
                    new ServerOptions.OperatorOptions(
                        List.of(OP.jwt()), OP.system.id(), dir.resolve("resolver"), null)));
    try {
      assertThat(outcome(second.url(), APP.creds())).isEqualTo("connected");
      assertThat(second.server().accounts().names()).contains(ACME.id(), GLOBEX.id());
      assertThat(second.server().accounts().names()).doesNotContain(STRANGER.id());
    } finally {
      second.close();
    }
  }
}
