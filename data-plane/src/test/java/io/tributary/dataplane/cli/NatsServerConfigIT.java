package io.tributary.dataplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.Ports;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.server.Server;
import io.tributary.dataplane.testing.RawClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One nats-server configuration file, given to nats-server and to our node ({@code -c}): the same
 * effective settings in {@code /varz} and the same behaviour for a real client; and the operator
 * configuration the control plane emits for nats-server starts our node unchanged.
 */
class NatsServerConfigIT {
  private static final String BODY =
      """
      # limits, as a nats-server user writes them
      max_payload: 2MB
      max_connections = 100
      max_control_line: 2KB
      ping_interval: "30s"
      write_deadline: "5s"
      include ./auth.conf
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void bothServersReadTheSameFileTheSameWay() throws Exception {
    int theirHttp = Ports.freeLoopbackPort();
    int ourHttp = Ports.freeLoopbackPort();
    int ourPort = Ports.freeLoopbackPort();
    String auth = "authorization {\n  user: app\n  password: \"s3cret\"\n}\n";
    try (NatsServerProcess ref =
        NatsServerProcess.start(
            BODY.replace("include ./auth.conf\n", auth) + "http_port: " + theirHttp + "\n")) {
      Files.writeString(dir.resolve("auth.conf"), auth);
      Path conf =
          Files.writeString(
              dir.resolve("nats.conf"),
              "listen: 127.0.0.1:" + ourPort + "\n" + BODY + "http_port: " + ourHttp + "\n");
      try (Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
        JsonNode theirs = varz(theirHttp);
        JsonNode mine = varz(ourHttp);
        for (String field :
            List.of(
                "max_payload",
                "max_connections",
                "max_control_line",
                "ping_interval",
                "write_deadline",
                "max_pending")) {
          assertThat(mine.get(field)).as(field).isEqualTo(theirs.get(field));
        }
        for (String url : List.of(ref.url(), "nats://127.0.0.1:" + ourPort)) {
          try (Connection nc =
              Nats.connect(new Options.Builder().server(url).userInfo("app", "s3cret").build())) {
            nc.flush(Duration.ofSeconds(2));
            assertThat(nc.getServerInfo().getMaxPayload()).isEqualTo(2 << 20);
          }
          assertThatThrownBy(
                  () ->
                      Nats.connect(
                          new Options.Builder()
                              .server(url)
                              .userInfo("app", "wrong")
                              .maxReconnects(0)
                              .build()))
              .as(url)
              .isInstanceOf(Exception.class);
        }
      }
    }
  }

  /** An authorization users list with permissions: the same replies, line by line, on both. */
  @Test
  void usersAndTheirPermissionsAsNatsServerEnforcesThem() throws Exception {
    String users =
        """
        ORDERS = { publish: { allow: "orders.>", deny: "orders.secret" }, subscribe: ["orders.*", "_INBOX.>"] }
        authorization {
          users: [
            { user: alice, password: wonderland, permissions: $ORDERS }
            { user: bob, password: "BOB_HASH" }
          ]
        }
        """;
    // bob's password as a bcrypt hash, as nats-server's users write it (nats server passwd)
    users =
        users.replace(
            "BOB_HASH",
            org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate(
                "2a", "builder".toCharArray(), new byte[16], 11));
    int ourPort = Ports.freeLoopbackPort();
    Path conf =
        Files.writeString(dir.resolve("users.conf"), "listen: 127.0.0.1:" + ourPort + "\n" + users);
    String script =
        "CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"wonderland\"}\r\n"
            + "PUB orders.new 2\r\nhi\r\nPUB orders.secret 2\r\nhi\r\nPUB other 2\r\nhi\r\n"
            + "SUB orders.new 1\r\nSUB secrets 2\r\nPING\r\n";
    try (NatsServerProcess ref = NatsServerProcess.start(users);
        Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
      List<String> transcripts = new java.util.ArrayList<>();
      for (int port : List.of(ref.port(), ourPort)) {
        try (RawClient c = RawClient.connect(port)) {
          transcripts.add(c.exchange(script).text());
        }
        for (String pass : List.of("x", "builder")) {
          try (RawClient c = RawClient.connect(port)) {
            transcripts.add(
                c.exchange(
                        "CONNECT {\"verbose\":false,\"user\":\"bob\",\"pass\":\""
                            + pass
                            + "\"}\r\nPING\r\n")
                    .text());
          }
        }
      }
      assertThat(transcripts.get(0)).contains("Permissions Violation for Publish to \"other\"");
      assertThat(transcripts.get(2)).as("bcrypt password").isEqualTo("PONG\r\n");
      assertThat(transcripts.subList(3, 6)).isEqualTo(transcripts.subList(0, 3));
    }
  }

  /**
   * nats-server's multi-tenancy without JWTs: two configured accounts, isolated, with a stream and
   * a service shared by export and import; the same outcomes on both servers.
   */
  @Test
  void configuredAccountsAreIsolatedAndShareWhatTheyExport() throws Exception {
    String accounts =
        """
        accounts {
          A: {
            users: [ {user: a, password: pa} ]
            exports: [ {stream: "news.>"}, {service: "help"} ]
          }
          B: {
            users: [ {user: b, password: pb} ]
            imports: [
              {stream: {account: A, subject: "news.>"}}
              {service: {account: A, subject: "help"}, to: "ask"}
            ]
          }
        }
        """;
    int ourPort = Ports.freeLoopbackPort();
    Path conf =
        Files.writeString(
            dir.resolve("accounts.conf"), "listen: 127.0.0.1:" + ourPort + "\n" + accounts);
    try (NatsServerProcess ref = NatsServerProcess.start(accounts);
        Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
      for (String url : List.of(ref.url(), "nats://127.0.0.1:" + ourPort)) {
        try (Connection a = user(url, "a", "pa");
            Connection b = user(url, "b", "pb")) {
          io.nats.client.Subscription aPrivate = a.subscribe("private");
          io.nats.client.Subscription bNews = b.subscribe("news.>");
          a.createDispatcher(m -> a.publish(m.getReplyTo(), "answer".getBytes())).subscribe("help");
          a.flush(Duration.ofSeconds(2));
          b.flush(Duration.ofSeconds(2));
          b.publish("private", new byte[] {1});
          a.publish("news.today", new byte[] {2});
          assertThat(bNews.nextMessage(Duration.ofSeconds(2)))
              .as(url + ": stream import")
              .isNotNull();
          assertThat(aPrivate.nextMessage(Duration.ofMillis(300))).as(url + ": isolated").isNull();
          assertThat(new String(b.request("ask", new byte[0], Duration.ofSeconds(2)).getData()))
              .as(url + ": service import")
              .isEqualTo("answer");
        }
      }
    }
  }

  /**
   * A reload (SIGHUP) applies a changed users list: to new connections, and to open ones, whose
   * credentials are checked again, as nats-server's reload does.
   */
  @Test
  void aReloadChangesWhoMayConnect() throws Exception {
    int port = Ports.freeLoopbackPort();
    Path conf = dir.resolve("reload.conf");
    String before =
        "listen: 127.0.0.1:" + port + "\nauthorization { users: [ {user: a, password: one} ] }\n";
    Files.writeString(conf, before);
    String url = "nats://127.0.0.1:" + port;
    try (Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())));
        Connection open = user(url, "a", "one")) {
      Files.writeString(conf, before.replace("one", "two"));
      assertThat(ours.reload(NodeCli.options(parse("-c", conf.toString()))))
          .containsExactly("users");
      user(url, "a", "two").close();
      assertThatThrownBy(() -> user(url, "a", "one")).isInstanceOf(Exception.class);
      // the connection that logged in with the old password is closed, as nats-server closes it
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (open.getStatus() == Connection.Status.CONNECTED && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(open.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
    }
  }

  /**
   * A reload that changes configured accounts (an import added, a user removed): the same outcomes
   * on both servers for a subscription made before the reload, one made after, and the removed
   * user's open connection.
   */
  @Test
  void aReloadChangesConfiguredAccounts() throws Exception {
    String before =
        """
        accounts {
          A: { users: [ {user: a, password: pa} ], exports: [ {stream: "news.>"} ] }
          B: { users: [ {user: b, password: pb}, {user: c, password: pc} ] }
        }
        """;
    String after =
        """
        accounts {
          A: { users: [ {user: a, password: pa} ], exports: [ {stream: "news.>"} ] }
          B: {
            users: [ {user: b, password: pb} ]
            imports: [ {stream: {account: A, subject: "news.>"}} ]
          }
        }
        """;
    int ourPort = Ports.freeLoopbackPort();
    Path conf = dir.resolve("accounts-reload.conf");
    Files.writeString(conf, "listen: 127.0.0.1:" + ourPort + "\n" + before);
    List<List<Boolean>> outcomes = new java.util.ArrayList<>();
    try (NatsServerProcess ref = NatsServerProcess.start(before);
        Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
      for (String url : List.of(ref.url(), "nats://127.0.0.1:" + ourPort)) {
        try (Connection a = user(url, "a", "pa");
            Connection b = user(url, "b", "pb");
            Connection c = user(url, "c", "pc")) {
          io.nats.client.Subscription early = b.subscribe("news.>");
          b.flush(Duration.ofSeconds(2));
          if (url.equals(ref.url())) {
            ref.reload(after);
          } else {
            Files.writeString(conf, "listen: 127.0.0.1:" + ourPort + "\n" + after);
            assertThat(ours.reload(NodeCli.options(parse("-c", conf.toString()))))
                .containsExactly("accounts");
          }
          io.nats.client.Subscription late = b.subscribe("news.>");
          b.flush(Duration.ofSeconds(2));
          a.publish("news.today", new byte[] {1});
          a.flush(Duration.ofSeconds(2));
          boolean lateGot = late.nextMessage(Duration.ofSeconds(2)) != null;
          boolean earlyGot = early.nextMessage(Duration.ofMillis(500)) != null;
          long deadline = System.nanoTime() + 5_000_000_000L;
          while (c.getStatus() == Connection.Status.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          boolean removedUserClosed = c.getStatus() != Connection.Status.CONNECTED;
          assertThatThrownBy(() -> user(url, "c", "pc")).as(url).isInstanceOf(Exception.class);
          outcomes.add(List.of(lateGot, earlyGot, removedUserClosed));
        }
      }
    }
    assertThat(outcomes.get(0)).as("nats-server: late, early, removed user closed").contains(true);
    assertThat(outcomes.get(1)).as("ours, as nats-server").isEqualTo(outcomes.get(0));
  }

  /**
   * JetStream per configured account, as nats-server reads it: on with limits for one, off for
   * another; the same API outcomes (error codes included) on both servers.
   */
  @Test
  void jetStreamInConfiguredAccounts() throws Exception {
    String accounts =
        """
        jetstream { store_dir: "STORE" }
        accounts {
          A: { users: [ {user: a, password: pa} ], jetstream: { max_streams: 1, max_file: 1MB } }
          B: { users: [ {user: b, password: pb} ] }
          C: { users: [ {user: c, password: pc} ], jetstream: enabled }
        }
        """;
    int ourPort = Ports.freeLoopbackPort();
    Path conf =
        Files.writeString(
            dir.resolve("js-accounts.conf"),
            "listen: 127.0.0.1:"
                + ourPort
                + "\n"
                + accounts.replace("STORE", dir.resolve("ours").toString()));
    List<List<String>> outcomes = new java.util.ArrayList<>();
    try (NatsServerProcess ref = NatsServerProcess.start(accounts.replace("STORE", "$DIR/js"));
        Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
      for (String url : List.of(ref.url(), "nats://127.0.0.1:" + ourPort)) {
        List<String> got = new java.util.ArrayList<>();
        for (String[] step :
            new String[][] {
              {"a", "pa", "S1"}, {"a", "pa", "S2"}, {"b", "pb", "S3"}, {"c", "pc", "S4"}
            }) {
          try (Connection nc = user(url, step[0], step[1])) {
            try {
              nc.jetStreamManagement()
                  .addStream(
                      io.nats.client.api.StreamConfiguration.builder()
                          .name(step[2])
                          .subjects(step[2].toLowerCase() + ".>")
                          .maxBytes(1024)
                          .build());
              got.add(step[2] + " created");
            } catch (io.nats.client.JetStreamApiException e) {
              got.add(step[2] + " " + e.getApiErrorCode());
            } catch (java.io.IOException e) {
              got.add(step[2] + " " + e.getMessage());
            }
          }
        }
        outcomes.add(got);
      }
    }
    assertThat(outcomes.get(0)).as("nats-server").contains("S1 created", "S2 10027", "S4 created");
    assertThat(outcomes.get(1)).as("ours, as nats-server").isEqualTo(outcomes.get(0));
  }

  /** nkey users: the client signs the INFO's nonce with its seed; the same outcomes on both. */
  @Test
  void nkeyUsersAsNatsServerChecksThem() throws Exception {
    io.tributary.auth.nkey.NKey alice =
        io.tributary.auth.nkey.NKey.generate(io.tributary.auth.nkey.NKeyType.USER);
    io.tributary.auth.nkey.NKey mallory =
        io.tributary.auth.nkey.NKey.generate(io.tributary.auth.nkey.NKeyType.USER);
    String users =
        "authorization {\n  users: [\n    { nkey: "
            + alice.publicKey()
            + ", permissions: { publish: \"orders.>\", subscribe: \"_INBOX.>\" } }\n  ]\n}\n";
    int ourPort = Ports.freeLoopbackPort();
    Path conf =
        Files.writeString(dir.resolve("nkeys.conf"), "listen: 127.0.0.1:" + ourPort + "\n" + users);
    try (NatsServerProcess ref = NatsServerProcess.start(users);
        Server ours = Server.start(NodeCli.options(parse("-c", conf.toString())))) {
      for (String url : List.of(ref.url(), "nats://127.0.0.1:" + ourPort)) {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Connection nc = nkeyUser(url, alice, errors)) {
          nc.publish("orders.new", new byte[] {1});
          nc.publish("payments", new byte[] {2});
          nc.flush(Duration.ofSeconds(2));
          io.tributary.auth.testing.CredsClient.awaitErrors(errors, 1);
          assertThat(errors)
              .as(url)
              .anyMatch(e -> e.contains("Permissions Violation for Publish to \"payments\""));
        }
        assertThatThrownBy(() -> nkeyUser(url, mallory, new java.util.ArrayList<>()).close())
            .as(url + ": an nkey not configured")
            .isInstanceOf(java.io.IOException.class);
      }
    }
  }

  private static Connection nkeyUser(
      String url, io.tributary.auth.nkey.NKey key, List<String> errors) throws Exception {
    io.nats.client.NKey seed = io.nats.client.NKey.fromSeed(key.seed().toCharArray());
    return Nats.connect(
        new Options.Builder()
            .server(url)
            .maxReconnects(0)
            .errorListener(
                new io.nats.client.ErrorListener() {
                  @Override
                  public void errorOccurred(Connection conn, String error) {
                    errors.add(error);
                  }
                })
            .authHandler(
                new io.nats.client.AuthHandler() {
                  @Override
                  public byte[] sign(byte[] nonce) {
                    try {
                      return seed.sign(nonce);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }

                  @Override
                  public char[] getID() {
                    try {
                      return seed.getPublicKey();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }

                  @Override
                  public char[] getJWT() {
                    return null;
                  }
                })
            .build());
  }

  private static Connection user(String url, String name, String password) throws Exception {
    return Nats.connect(
        new Options.Builder().server(url).userInfo(name, password).maxReconnects(0).build());
  }

  @Test
  void theControlPlanesOperatorConfigStartsTheNode() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acme = op.account("acme");
    int port = Ports.freeLoopbackPort();
    // The shape of GET /api/v1/operator/server-config?format=nats-server.
    String conf =
        "listen: 127.0.0.1:"
            + port
            + "\nhttp_port: 0\noperator: \""
            + op.jwt()
            + "\"\nsystem_account: "
            + op.system.id()
            + "\n\nresolver: {\n  type: full\n  dir: \""
            + dir.resolve("jwt")
            + "\"\n  allow_delete: true\n  interval: \"2m\"\n}\n\nresolver_preload: {\n  "
            + op.system.id()
            + ": \""
            + op.system.jwt()
            + "\"\n  "
            + acme.id()
            + ": \""
            + acme.jwt()
            + "\"  # acme\n}\n";
    Path file = Files.writeString(dir.resolve("operator.conf"), conf);
    try (Server ours = Server.start(NodeCli.options(parse("-c", file.toString())))) {
      assertThat(CredsClient.outcome("nats://127.0.0.1:" + port, acme.user("u").creds()))
          .isEqualTo("connected");
    }
  }

  private static NodeArgs parse(String... args) {
    return NodeArgs.parse(args);
  }

  private static JsonNode varz(int httpPort) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/varz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
