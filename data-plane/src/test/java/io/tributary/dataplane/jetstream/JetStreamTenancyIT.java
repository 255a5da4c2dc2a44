package io.tributary.dataplane.jetstream;

import static io.tributary.dataplane.jetstream.ApiErrors.apiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * JetStream per tenant in operator mode: enabled exactly when the account JWT grants it, limits
 * exact at the boundary and applied live, no path from one account to another's streams but the
 * exports it grants, and a deleted account's data destroyed with its key.
 */
class JetStreamTenancyIT {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private TestServer node(TestOperator op, List<TestAccount> accounts) throws IOException {
    Path preload = OperatorMode.preload(dir, "preload", accounts);
    return TestServer.start(
        b ->
            b.operator(
                    new ServerOptions.OperatorOptions(
                        List.of(op.jwt()), op.system.id(), dir.resolve("resolver"), preload))
                .set(NodeSettings.JETSTREAM, true)
                .set(NodeSettings.STORE_DIR, dir.resolve("store")));
  }

  private static void grant(TestAccount a, long disk, long streams) {
    a.claims.nats.limits.memoryStorage = -1;
    a.claims.nats.limits.diskStorage = disk;
    a.claims.nats.limits.streams = streams;
    a.claims.nats.limits.consumer = -1;
  }

  private static StreamConfiguration stream(String name, String subject) {
    return StreamConfiguration.builder()
        .name(name)
        .subjects(subject)
        .storageType(StorageType.File)
        .build();
  }

  @Test
  void jetStreamFollowsTheAccountJwt() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount on = op.account("on");
    grant(on, 1000, 2);
    TestAccount off = op.account("off");
    try (TestServer node = node(op, List.of(op.system, on, off));
        Connection a = CredsClient.connect(node.url(), on.user("u").creds());
        Connection b = CredsClient.connect(node.url(), off.user("u").creds());
        Connection sys = CredsClient.connect(node.url(), op.system.user("sys").creds())) {
      JetStreamManagement jsm = a.jetStreamManagement();
      assertThat(apiError(() -> b.jetStreamManagement().getAccountStatistics())).isEqualTo(10039);
      assertThat(jsm.getAccountStatistics().getLimits().getMaxStorage()).isEqualTo(1000);
      assertThat(accountz(node, on.id()).at("/account_detail/jetstream_enabled").asBoolean())
          .isTrue();
      assertThat(accountz(node, off.id()).at("/account_detail/jetstream_enabled").asBoolean())
          .isFalse();

      // Streams: at most 2; storage: exactly 1000 bytes (subject + payload per message).
      jsm.addStream(stream("ONE", "one.>"));
      jsm.addStream(stream("TWO", "two.>"));
      assertThat(apiError(() -> jsm.addStream(stream("THREE", "three.>")))).isEqualTo(10027);
      byte[] payload = new byte[95]; // "one.a" + 95 = 100 bytes a message
      for (int i = 0; i < 10; i++) {
        a.jetStream().publish("one.a", payload);
      }
      assertThat(jsm.getAccountStatistics().getStorage()).isEqualTo(1000);
      assertThat(apiError(() -> a.jetStream().publish("one.a", payload))).isEqualTo(10002);
      jsm.purgeStream("ONE");
      assertThat(jsm.getAccountStatistics().getStorage()).isZero();
      a.jetStream().publish("one.a", payload);

      // Raised live: a third stream and more storage.
      grant(on, 5000, 3);
      sys.request("$SYS.REQ.CLAIMS.UPDATE", bytes(on.jwt()), Duration.ofSeconds(5));
      jsm.addStream(stream("THREE", "three.>"));
      assertThat(jsm.getAccountStatistics().getLimits().getMaxStorage()).isEqualTo(5000);

      // Turned off: the API says so; turned on again: the streams are back.
      grant(on, 0, 0);
      on.claims.nats.limits.memoryStorage = 0;
      sys.request("$SYS.REQ.CLAIMS.UPDATE", bytes(on.jwt()), Duration.ofSeconds(5));
      assertThat(apiError(jsm::getStreamNames)).isEqualTo(10039);
      grant(on, 5000, 3);
      sys.request("$SYS.REQ.CLAIMS.UPDATE", bytes(on.jwt()), Duration.ofSeconds(5));
      assertThat(jsm.getStreamNames()).containsExactly("ONE", "THREE", "TWO");
      assertThat(jsm.getStreamInfo("ONE").getStreamState().getMsgCount()).isEqualTo(1);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode accountz(TestServer node, String account)
      throws Exception {
    String body =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(node.httpUrl() + "/accountz?acc=" + account))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    return Json.MAPPER.readTree(body);
  }

  @Test
  void tieredLimitsAndPerStreamCaps() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount tiered = op.account("tiered");
    JetStreamLimits r1 = new JetStreamLimits();
    r1.memoryStorage = 1 << 20;
    r1.diskStorage = 1 << 20;
    r1.streams = -1;
    r1.diskMaxStreamBytes = 4096;
    r1.maxBytesRequired = true;
    tiered.claims.nats.limits.tieredLimits.put("R1", r1);
    TestAccount onlyR3 = op.account("r3");
    JetStreamLimits r3 = new JetStreamLimits();
    r3.diskStorage = 1 << 20;
    onlyR3.claims.nats.limits.tieredLimits.put("R3", r3);
    try (TestServer node = node(op, List.of(op.system, tiered, onlyR3));
        Connection a = CredsClient.connect(node.url(), tiered.user("u").creds());
        Connection b = CredsClient.connect(node.url(), onlyR3.user("u").creds())) {
      JetStreamManagement jsm = a.jetStreamManagement();
      assertThat(apiError(() -> jsm.addStream(stream("NOMAX", "nomax")))).isEqualTo(10113);
      assertThat(
              apiError(
                  () ->
                      jsm.addStream(
                          StreamConfiguration.builder()
                              .name("BIG")
                              .subjects("big")
                              .maxBytes(8192)
                              .build())))
          .isEqualTo(10122);
      jsm.addStream(StreamConfiguration.builder().name("OK").subjects("ok").maxBytes(4096).build());
      assertThat(jsm.getAccountStatistics().getReservedStorage()).isEqualTo(4096);
      assertThat(apiError(() -> b.jetStreamManagement().addStream(stream("R1", "r1"))))
          .isEqualTo(10120);
    }
  }

  @Test
  void noAccountReachesAnothersStreams() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount a = op.account("a");
    grant(a, -1, -1);
    TestAccount b = op.account("b");
    grant(b, -1, -1);
    try (TestServer node = node(op, List.of(op.system, a, b));
        Connection ca = CredsClient.connect(node.url(), a.user("u").creds());
        Connection cb = CredsClient.connect(node.url(), b.user("u").creds())) {
      ca.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("SECRET")
                  .subjects("secret.>")
                  .allowDirect(true)
                  .build());
      ca.jetStream().publish("secret.x", bytes("a's data"));
      JetStreamManagement jsm = cb.jetStreamManagement();
      assertThat(jsm.getStreamNames()).isEmpty();
      assertThat(apiError(() -> jsm.getStreamInfo("SECRET"))).isEqualTo(10059);
      // Raw, as jnats caches stream infos by name across connections.
      Message get =
          cb.request("$JS.API.STREAM.MSG.GET.SECRET", bytes("{\"seq\":1}"), Duration.ofSeconds(2));
      assertThat(new String(get.getData(), StandardCharsets.UTF_8)).contains("\"err_code\":10059");
      assertThat(apiError(() -> jsm.purgeStream("SECRET"))).isEqualTo(10059);
      assertThat(apiError(() -> jsm.deleteMessage("SECRET", 1))).isEqualTo(10059);
      assertThat(apiError(() -> jsm.deleteStream("SECRET"))).isEqualTo(10059);
      assertThatThrownBy(
              () ->
                  cb.request("$JS.API.DIRECT.GET.SECRET.secret.x", new byte[0])
                      .get(2, TimeUnit.SECONDS))
          .as("no responders: jnats cancels the request")
          .isInstanceOf(CancellationException.class);
      assertThatThrownBy(() -> cb.jetStream().publish("secret.x", bytes("b into a")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("503");
      // b's own stream on the same subjects is b's, and a's is untouched.
      jsm.addStream(StreamConfiguration.builder().name("SECRET").subjects("secret.>").build());
      cb.jetStream().publish("secret.x", bytes("b's data"));
      assertThat(ca.jetStreamManagement().getStreamInfo("SECRET").getStreamState().getMsgCount())
          .isEqualTo(1);
      assertThat(new String(ca.jetStreamManagement().getMessage("SECRET", 1).getData()))
          .isEqualTo("a's data");
    }
  }

  @Test
  void exportsOfTheApiAndOfStreamSubjectsWork() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount owner = op.account("owner");
    grant(owner, -1, -1);
    owner.claims.nats.exports.add(new Export("js", "$JS.API.>", ExportType.SERVICE));
    owner.claims.nats.exports.add(new Export("orders", "orders.>", ExportType.SERVICE));
    TestAccount user = op.account("user");
    Import api = new Import("js", "$JS.API.>", owner.id(), ExportType.SERVICE);
    api.localSubject = "JS.owner.API.>";
    user.claims.nats.imports.add(api);
    user.claims.nats.imports.add(new Import("orders", "orders.>", owner.id(), ExportType.SERVICE));
    try (TestServer node = node(op, List.of(op.system, owner, user));
        Connection co = CredsClient.connect(node.url(), owner.user("u").creds());
        Connection cu = CredsClient.connect(node.url(), user.user("u").creds())) {
      co.jetStreamManagement().addStream(stream("ORDERS", "orders.>"));
      // The importer publishes into the owner's stream and gets the PubAck back.
      assertThat(cu.jetStream().publish("orders.1", bytes("from user")).getSeqno()).isEqualTo(1);
      // And manages it through the imported API under its own prefix.
      JetStreamManagement remote =
          cu.jetStreamManagement(JetStreamOptions.builder().prefix("JS.owner.API").build());
      assertThat(remote.getStreamInfo("ORDERS").getStreamState().getMsgCount()).isEqualTo(1);
      assertThat(new String(remote.getMessage("ORDERS", 1).getData())).isEqualTo("from user");
    }
  }

  @Test
  void aDeletedAccountsDataIsDestroyed() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount gone = op.account("gone");
    grant(gone, -1, -1);
    try (TestServer node = node(op, List.of(op.system, gone));
        Connection c = CredsClient.connect(node.url(), gone.user("u").creds());
        Connection sys = CredsClient.connect(node.url(), op.system.user("sys").creds())) {
      c.jetStreamManagement().addStream(stream("DATA", "data"));
      c.jetStream().publish("data", bytes("to be shredded"));
      Path store = dir.resolve("store").resolve("jetstream");
      assertThat(store.resolve(gone.id())).isDirectory();
      assertThat(store.resolve("keys").resolve(gone.id() + ".keys")).exists();
      GenericClaims del = new GenericClaims(op.key.publicKey());
      del.nats.put("accounts", List.of(gone.id()));
      sys.request(
          "$SYS.REQ.CLAIMS.DELETE", bytes(JwtCodec.encode(del, op.key)), Duration.ofSeconds(5));
      assertThat(store.resolve(gone.id())).doesNotExist();
      try (Stream<Path> keys = Files.list(store.resolve("keys"))) {
        assertThat(keys.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(gone.id()));
      }
    }
  }
}
