package io.tributary.dataplane.jetstream;

import static io.tributary.dataplane.jetstream.ApiErrors.apiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * JetStream per tenant in operator mode: enabled exactly when the account JWT grants it, limits
 * exact at the boundary and applied live, no path from one account to another's streams but the
 * exports it grants, and a deleted account's data destroyed with its key. The consumer scenarios
 * (isolation, pulls, acks and pushes through exports, the JWT's consumer and max ack pending
 * limits) run on nats-server with the same JWTs too.
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

  // ---- consumers: each scenario on nats-server (operator mode, JetStream) and on our node ----

  private static final String UPDATE = "$SYS.REQ.ACCOUNT.%s.CLAIMS.UPDATE";
  private static final Duration PULL_EXPIRES = Duration.ofMillis(500);

  /** nats-server trusting the same operator, preloaded with the same account JWTs, JetStream on. */
  private NatsServerProcess reference(TestOperator op, List<TestAccount> accounts)
      throws IOException {
    Path operator = Files.createTempFile(dir, "operator", ".jwt");
    Files.writeString(operator, op.jwt());
    return NatsServerProcess.start(
        "operator: \""
            + operator
            + "\"\nsystem_account: "
            + op.system.id()
            + "\nresolver: MEMORY\n"
            + NatsServerProcess.preload(accounts)
            + "jetstream: {store_dir: \"$DIR/js\"}\n");
  }

  /** Pushes the account's current claims, as a control plane does, on either server. */
  private static void push(Connection sys, TestAccount a) throws Exception {
    Message reply =
        sys.request(String.format(UPDATE, a.id()), bytes(a.jwt()), Duration.ofSeconds(5));
    assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("jwt updated");
  }

  private static ConsumerConfiguration durable(String name) {
    return ConsumerConfiguration.builder().durable(name).ackPolicy(AckPolicy.Explicit).build();
  }

  private static ConsumerConfiguration durable(String name, long maxAckPending) {
    return ConsumerConfiguration.builder()
        .durable(name)
        .ackPolicy(AckPolicy.Explicit)
        .maxAckPending(maxAckPending)
        .build();
  }

  /**
   * The messages one pull request on {@code subject} (raw, batch {@code batch}, expiring after
   * {@link #PULL_EXPIRES}) gets: all of them, or those before the status that ends it.
   */
  private static List<Message> pull(Connection c, String subject, int batch) throws Exception {
    String inbox = c.createInbox();
    Subscription sub = c.subscribe(inbox);
    c.publish(
        subject,
        inbox,
        bytes("{\"batch\":" + batch + ",\"expires\":" + PULL_EXPIRES.toNanos() + "}"));
    List<Message> got = new ArrayList<>();
    while (got.size() < batch) {
      Message m = sub.nextMessage(PULL_EXPIRES.plusSeconds(2));
      if (m == null || m.isStatusMessage()) {
        break;
      }
      got.add(m);
    }
    sub.unsubscribe();
    return got;
  }

  private static String text(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  /** A request's reply as text, {@code "no responders"} or {@code "timeout"}. */
  private static String ask(Connection c, String subject, String body) throws Exception {
    try {
      return text(c.request(subject, bytes(body)).get(2, TimeUnit.SECONDS));
    } catch (CancellationException | ExecutionException e) {
      return "no responders";
    } catch (TimeoutException e) {
      return "timeout";
    }
  }

  /** The JetStream API error a jnats call fails with. */
  private static JetStreamApiException apiException(ApiErrors.Call call) {
    try {
      call.run();
    } catch (JetStreamApiException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a JetStream API error, got " + e, e);
    }
    throw new AssertionError("expected a JetStream API error, got none");
  }

  @Test
  void anAccountsConsumersDoNotExistForAnother() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount a = op.account("a");
    grant(a, -1, -1);
    TestAccount b = op.account("b");
    grant(b, -1, -1);
    List<TestAccount> all = List.of(op.system, a, b);
    KeyValueConfiguration cfg =
        KeyValueConfiguration.builder().name("cfg").storageType(StorageType.File).build();
    try (TestServer node = node(op, all);
        NatsServerProcess ref = reference(op, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        try (Connection ca = CredsClient.connect(url, a.user("u").creds());
            Connection cb = CredsClient.connect(url, b.user("u").creds())) {
          JetStreamManagement ja = ca.jetStreamManagement();
          ja.addStream(stream("SECRET", "secret.>"));
          for (int i = 1; i <= 3; i++) {
            ca.jetStream().publish("secret.x", bytes("a's " + i));
          }
          ja.addOrUpdateConsumer("SECRET", durable("C"));
          // a takes message 1 and leaves it unacknowledged.
          List<Message> taken = pull(ca, "$JS.API.CONSUMER.MSG.NEXT.SECRET.C", 1);
          assertThat(taken).as(url).extracting(JetStreamTenancyIT::text).containsExactly("a's 1");
          String ack = taken.get(0).getReplyTo();
          assertThat(ack).as(url).startsWith("$JS.ACK.SECRET.C.1.1.1.");
          ca.keyValueManagement().create(cfg);
          ca.keyValue("cfg").put("k", "a's value");

          // From b none of it exists: the stream is not found, nobody answers pulls or acks.
          JetStreamManagement jb = cb.jetStreamManagement();
          assertThat(apiError(() -> jb.addOrUpdateConsumer("SECRET", durable("B"))))
              .as(url)
              .isEqualTo(10059);
          assertThat(apiError(() -> jb.getConsumerInfo("SECRET", "C"))).as(url).isEqualTo(10059);
          assertThat(apiError(() -> jb.getConsumerNames("SECRET"))).as(url).isEqualTo(10059);
          assertThat(apiError(() -> jb.deleteConsumer("SECRET", "C"))).as(url).isEqualTo(10059);
          // A pull on a consumer b does not have: nats-server's JS API import swallows it, ours
          // has no responder (docs/protocol/compat.md); neither reaches a's consumer.
          assertThat(ask(cb, "$JS.API.CONSUMER.MSG.NEXT.SECRET.C", "{\"batch\":1}"))
              .as(url)
              .isEqualTo(url.equals(ref.url()) ? "timeout" : "no responders");
          assertThat(ask(cb, ack, "+ACK")).as(url).isEqualTo("no responders");
          cb.publish(ack, bytes("+ACK"));
          cb.publish(ack, bytes("+TERM"));
          cb.flush(Duration.ofSeconds(2));
          // The bucket too: a watch is a consumer on a stream b does not have.
          assertThatThrownBy(() -> cb.keyValue("cfg").watchAll(new NoWatcher()))
              .as(url)
              .hasRootCauseInstanceOf(JetStreamApiException.class)
              .hasMessageContaining("stream not found [10059]");
          Message kvConsumer =
              cb.request(
                  "$JS.API.CONSUMER.CREATE.KV_cfg",
                  bytes(
                      "{\"stream_name\":\"KV_cfg\",\"config\":{\"deliver_subject\":\"w.cfg\","
                          + "\"ack_policy\":\"none\",\"filter_subject\":\"$KV.cfg.>\"}}"),
                  Duration.ofSeconds(2));
          assertThat(text(kvConsumer)).as(url).contains("\"err_code\":10059");

          // a's consumer is as a left it: message 1 delivered and pending, 2 and 3 to come.
          ConsumerInfo ci = ja.getConsumerInfo("SECRET", "C");
          assertThat(ci.getNumAckPending()).as(url).isEqualTo(1);
          assertThat(ci.getAckFloor().getStreamSequence()).as(url).isZero();
          assertThat(ci.getNumPending()).as(url).isEqualTo(2);
          assertThat(ask(ca, ack, "+ACK")).as(url + ": a's own ack lands").isEmpty();
          ci = ja.getConsumerInfo("SECRET", "C");
          assertThat(ci.getNumAckPending()).as(url).isZero();
          assertThat(ci.getAckFloor().getStreamSequence()).as(url).isEqualTo(1);

          // The same names in b are b's own: its stream, consumer and bucket.
          jb.addStream(stream("SECRET", "secret.>"));
          cb.jetStream().publish("secret.x", bytes("b's"));
          jb.addOrUpdateConsumer("SECRET", durable("C"));
          assertThat(jb.getConsumerNames("SECRET")).as(url).containsExactly("C");
          assertThat(pull(cb, "$JS.API.CONSUMER.MSG.NEXT.SECRET.C", 5))
              .as(url)
              .extracting(JetStreamTenancyIT::text)
              .containsExactly("b's");
          cb.keyValueManagement().create(cfg);
          cb.keyValue("cfg").put("k", "b's value");
          assertThat(ja.getConsumerInfo("SECRET", "C").getNumPending()).as(url).isEqualTo(2);
          KeyValueEntry mine = ca.keyValue("cfg").get("k");
          assertThat(new String(mine.getValue(), StandardCharsets.UTF_8))
              .as(url)
              .isEqualTo("a's value");
        }
      }
    }
  }

  private static final class NoWatcher implements KeyValueWatcher {
    @Override
    public void watch(KeyValueEntry entry) {}

    @Override
    public void endOfData() {}
  }

  @Test
  void consumersThroughTheExportsBothJwtsDeclare() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount owner = op.account("owner");
    grant(owner, -1, -1);
    // The consumer API (a pull request is answered by a stream of messages, so the export says
    // Stream), the acks of ORDERS' consumers, and a push consumer's deliver subject.
    Export api = new Export("consumers", "$JS.API.CONSUMER.>", ExportType.SERVICE);
    api.responseType = Export.RESPONSE_STREAM;
    owner.claims.nats.exports.add(api);
    owner.claims.nats.exports.add(new Export("acks", "$JS.ACK.ORDERS.>", ExportType.SERVICE));
    owner.claims.nats.exports.add(new Export("feed", "deliver.orders", ExportType.STREAM));
    TestAccount user = op.account("user"); // no JetStream of its own
    Import consumers =
        new Import("consumers", "$JS.API.CONSUMER.>", owner.id(), ExportType.SERVICE);
    consumers.localSubject = "JS.owner.API.CONSUMER.>";
    user.claims.nats.imports.add(consumers);
    // Acks are published to the delivered message's reply subject, $JS.ACK.ORDERS.…, as is.
    user.claims.nats.imports.add(
        new Import("acks", "$JS.ACK.ORDERS.>", owner.id(), ExportType.SERVICE));
    Import feed = new Import("feed", "deliver.orders", owner.id(), ExportType.STREAM);
    feed.localSubject = "feed.orders";
    user.claims.nats.imports.add(feed);
    List<TestAccount> all = List.of(op.system, owner, user);
    try (TestServer node = node(op, all);
        NatsServerProcess ref = reference(op, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        List<String> subjects = new ArrayList<>();
        try (Connection co = CredsClient.connect(url, owner.user("u").creds());
            Connection cu = CredsClient.connect(url, user.user("u").creds())) {
          JetStreamManagement jo = co.jetStreamManagement();
          jo.addStream(stream("ORDERS", "orders.>"));
          for (int i = 1; i <= 5; i++) {
            co.jetStream().publish("orders." + i, bytes("order " + i));
          }
          // The user makes a consumer on the owner's stream through the imported API.
          JetStreamOptions prefix = JetStreamOptions.builder().prefix("JS.owner.API").build();
          cu.jetStreamManagement(prefix).addOrUpdateConsumer("ORDERS", durable("pull"));
          assertThat(jo.getConsumerNames("ORDERS")).as(url).containsExactly("pull");

          // Pulls three; acks the first (plain) and the third (waiting for the answer).
          List<Message> got = pull(cu, "JS.owner.API.CONSUMER.MSG.NEXT.ORDERS.pull", 3);
          assertThat(got)
              .as(url)
              .extracting(JetStreamTenancyIT::text)
              .containsExactly("order 1", "order 2", "order 3");
          assertThat(got)
              .as(url)
              .allSatisfy(m -> assertThat(m.getReplyTo()).startsWith("$JS.ACK.ORDERS.pull."));
          got.forEach(m -> subjects.add(m.getSubject()));
          cu.publish(got.get(0).getReplyTo(), bytes("+ACK"));
          assertThat(ask(cu, got.get(2).getReplyTo(), "+ACK")).as(url).isEmpty();
          ConsumerInfo ci = jo.getConsumerInfo("ORDERS", "pull");
          assertThat(ci.getNumAckPending()).as(url).isEqualTo(1);
          assertThat(ci.getAckFloor().getStreamSequence()).as(url).isEqualTo(1);
          assertThat(ci.getNumPending()).as(url).isEqualTo(2);

          // jnats does the same: a pull subscription bound by name under the import's prefix.
          JetStreamSubscription sub =
              cu.jetStream(prefix).subscribe(null, PullSubscribeOptions.fastBind("ORDERS", "pull"));
          List<Message> rest = sub.fetch(5, Duration.ofSeconds(1));
          assertThat(rest)
              .as(url)
              .extracting(JetStreamTenancyIT::text)
              .containsExactly("order 4", "order 5");
          assertThat(rest.get(0).metaData().streamSequence()).as(url).isEqualTo(4);
          rest.get(0).ack();
          rest.get(1).ackSync(Duration.ofSeconds(2));
          rest.forEach(m -> subjects.add(m.getSubject()));
          sub.unsubscribe();
          ci = jo.getConsumerInfo("ORDERS", "pull");
          assertThat(ci.getNumAckPending()).as(url + ": order 2 still pending").isEqualTo(1);
          assertThat(ci.getNumPending()).as(url).isZero();

          // A push consumer's deliveries reach the user through the stream import; its acks go
          // back through the service import.
          Subscription feedSub = cu.subscribe("feed.orders");
          cu.flush(Duration.ofSeconds(2));
          jo.addOrUpdateConsumer(
              "ORDERS",
              ConsumerConfiguration.builder()
                  .durable("push")
                  .deliverSubject("deliver.orders")
                  .ackPolicy(AckPolicy.Explicit)
                  .build());
          List<String> pushed = new ArrayList<>();
          for (int i = 1; i <= 5; i++) {
            Message m = feedSub.nextMessage(Duration.ofSeconds(3));
            assertThat(m).as(url + ": push delivery " + i).isNotNull();
            pushed.add(text(m));
            subjects.add(m.getSubject());
            assertThat(m.getReplyTo()).as(url).startsWith("$JS.ACK.ORDERS.push.");
            if (i < 5) {
              cu.publish(m.getReplyTo(), bytes("+ACK"));
            } else {
              assertThat(ask(cu, m.getReplyTo(), "+ACK")).as(url).isEmpty();
            }
          }
          assertThat(pushed)
              .as(url)
              .containsExactly("order 1", "order 2", "order 3", "order 4", "order 5");
          ConsumerInfo pi = jo.getConsumerInfo("ORDERS", "push");
          assertThat(pi.getNumAckPending()).as(url).isZero();
          assertThat(pi.getAckFloor().getStreamSequence()).as(url).isEqualTo(5);
        }
        // Each delivery shows the message's own subject, as nats-server delivers JetStream
        // messages through imports (not the importer's inbox or the import's local subject).
        assertThat(subjects)
            .as(url + ": subjects of 3 raw pulls, 2 jnats fetches, 5 pushes")
            .containsExactly(
                "orders.1",
                "orders.2",
                "orders.3",
                "orders.4",
                "orders.5",
                "orders.1",
                "orders.2",
                "orders.3",
                "orders.4",
                "orders.5");
      }
    }
  }

  @Test
  void maxConsumersFromTheJwt() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount a = op.account("a");
    grant(a, -1, -1);
    a.claims.nats.limits.consumer = 2;
    List<TestAccount> all = List.of(op.system, a);
    try (TestServer node = node(op, all);
        NatsServerProcess ref = reference(op, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        boolean ours = url.equals(node.url());
        try (Connection c = CredsClient.connect(url, a.user("u").creds());
            Connection sys = CredsClient.connect(url, op.system.user("sys").creds())) {
          a.claims.nats.limits.consumer = 2;
          push(sys, a);
          JetStreamManagement jsm = c.jetStreamManagement();
          assertThat(jsm.getAccountStatistics().getLimits().getMaxConsumers()).as(url).isEqualTo(2);
          jsm.addStream(stream("ONE", "one.>"));
          jsm.addStream(stream("TWO", "two.>"));
          jsm.addOrUpdateConsumer("ONE", durable("c1"));
          jsm.addOrUpdateConsumer("ONE", durable("c2"));
          JetStreamApiException full =
              apiException(() -> jsm.addOrUpdateConsumer("ONE", durable("c3")));
          assertThat(full.getApiErrorCode()).as(url).isEqualTo(10026);
          assertThat(full.getErrorDescription())
              .as(url)
              .isEqualTo("maximum consumers limit reached");
          // An ephemeral counts the same; changing one of the two is not a new one.
          assertThat(
                  apiError(
                      () ->
                          jsm.addOrUpdateConsumer("ONE", ConsumerConfiguration.builder().build())))
              .as(url)
              .isEqualTo(10026);
          jsm.addOrUpdateConsumer(
              "ONE",
              ConsumerConfiguration.builder()
                  .durable("c1")
                  .ackPolicy(AckPolicy.Explicit)
                  .description("changed")
                  .build());
          // Another stream: our node counts the account's consumers across all its streams
          // (docs/operations.md); nats-server counts the consumers of the one stream.
          if (ours) {
            assertThat(apiError(() -> jsm.addOrUpdateConsumer("TWO", durable("d1"))))
                .as(url)
                .isEqualTo(10026);
          } else {
            jsm.addOrUpdateConsumer("TWO", durable("d1"));
            jsm.deleteConsumer("TWO", "d1");
          }
          // A deleted one makes room for exactly one.
          assertThat(jsm.deleteConsumer("ONE", "c2")).isTrue();
          jsm.addOrUpdateConsumer("ONE", durable("c3"));
          assertThat(apiError(() -> jsm.addOrUpdateConsumer("ONE", durable("c4"))))
              .as(url)
              .isEqualTo(10026);
          // A stream may not allow more consumers than the account may have (raw, to see what
          // comes back otherwise).
          assertThat(
                  ask(
                      c,
                      "$JS.API.STREAM.CREATE.WIDE",
                      "{\"name\":\"WIDE\",\"subjects\":[\"wide\"],\"storage\":\"file\","
                          + "\"max_consumers\":5}"))
              .as(url)
              .contains("\"err_code\":10026");

          // Raised live: one more.
          a.claims.nats.limits.consumer = 3;
          push(sys, a);
          jsm.addOrUpdateConsumer("ONE", durable("c4"));
          assertThat(apiError(() -> jsm.addOrUpdateConsumer("ONE", durable("c5"))))
              .as(url)
              .isEqualTo(10026);
          // Lowered live below what exists: those stay and deliver, no new one.
          a.claims.nats.limits.consumer = 1;
          push(sys, a);
          assertThat(apiError(() -> jsm.addOrUpdateConsumer("ONE", durable("c5"))))
              .as(url)
              .isEqualTo(10026);
          assertThat(jsm.getConsumerNames("ONE"))
              .as(url)
              .containsExactlyInAnyOrder("c1", "c3", "c4");
          c.jetStream().publish("one.x", bytes("still delivered"));
          assertThat(pull(c, "$JS.API.CONSUMER.MSG.NEXT.ONE.c4", 1))
              .as(url)
              .extracting(JetStreamTenancyIT::text)
              .containsExactly("still delivered");
          // Unlimited again.
          a.claims.nats.limits.consumer = -1;
          push(sys, a);
          jsm.addOrUpdateConsumer("ONE", durable("c5"));
          jsm.addOrUpdateConsumer("TWO", durable("d1"));
        }
      }
    }
  }

  @Test
  void maxAckPendingFromTheJwt() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount a = op.account("a");
    grant(a, -1, -1);
    a.claims.nats.limits.maxAckPending = 10;
    List<TestAccount> all = List.of(op.system, a);
    try (TestServer node = node(op, all);
        NatsServerProcess ref = reference(op, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        try (Connection c = CredsClient.connect(url, a.user("u").creds());
            Connection sys = CredsClient.connect(url, op.system.user("sys").creds())) {
          a.claims.nats.limits.maxAckPending = 10;
          push(sys, a);
          JetStreamManagement jsm = c.jetStreamManagement();
          jsm.addStream(stream("WORK", "work.>"));
          for (int i = 1; i <= 25; i++) {
            c.jetStream().publish("work." + i, bytes("job " + i));
          }
          // The account's limit is the default below nats-server's 1000, and the ceiling.
          assertThat(
                  jsm.addOrUpdateConsumer("WORK", durable("dflt"))
                      .getConsumerConfiguration()
                      .getMaxAckPending())
              .as(url)
              .isEqualTo(10);
          JetStreamApiException over =
              apiException(() -> jsm.addOrUpdateConsumer("WORK", durable("over", 11)));
          assertThat(over.getApiErrorCode()).as(url).isEqualTo(10121);
          assertThat(over.getErrorDescription())
              .as(url)
              .isEqualTo("consumer max ack pending exceeds system limit of 10");
          jsm.addOrUpdateConsumer("WORK", durable("ten", 10));

          // At most 10 delivered and unacknowledged; 3 acks make room for 3 more.
          List<Message> first = pull(c, "$JS.API.CONSUMER.MSG.NEXT.WORK.ten", 25);
          assertThat(first).as(url).hasSize(10);
          ConsumerInfo ci = jsm.getConsumerInfo("WORK", "ten");
          assertThat(ci.getNumAckPending()).as(url).isEqualTo(10);
          assertThat(ci.getNumPending()).as(url).isEqualTo(15);
          c.publish(first.get(0).getReplyTo(), bytes("+ACK"));
          c.publish(first.get(1).getReplyTo(), bytes("+ACK"));
          assertThat(ask(c, first.get(2).getReplyTo(), "+ACK")).as(url).isEmpty();
          assertThat(pull(c, "$JS.API.CONSUMER.MSG.NEXT.WORK.ten", 25))
              .as(url)
              .extracting(JetStreamTenancyIT::text)
              .containsExactly("job 11", "job 12", "job 13");

          // Lowered live: the next consumers get 5; the existing ones keep what they had.
          a.claims.nats.limits.maxAckPending = 5;
          push(sys, a);
          assertThat(
                  jsm.addOrUpdateConsumer("WORK", durable("five"))
                      .getConsumerConfiguration()
                      .getMaxAckPending())
              .as(url)
              .isEqualTo(5);
          assertThat(apiException(() -> jsm.addOrUpdateConsumer("WORK", durable("six", 6))))
              .as(url)
              .extracting(JetStreamApiException::getErrorDescription)
              .isEqualTo("consumer max ack pending exceeds system limit of 5");
          assertThat(
                  jsm.getConsumerInfo("WORK", "ten").getConsumerConfiguration().getMaxAckPending())
              .as(url)
              .isEqualTo(10);
          // Unset: nats-server's default of 1000, and no ceiling.
          a.claims.nats.limits.maxAckPending = 0;
          push(sys, a);
          assertThat(
                  jsm.addOrUpdateConsumer("WORK", durable("thousand"))
                      .getConsumerConfiguration()
                      .getMaxAckPending())
              .as(url)
              .isEqualTo(1000);
          jsm.addOrUpdateConsumer("WORK", durable("many", 50_000));
        }
      }
    }
  }
}
