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
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PurgeOptions;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.PurgeResponse;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JetStream streams through jnats, the client users will see: the management and publishing rows of
 * the compatibility matrix (J1–J9, P1–P12), the error paths included, and a restart.
 */
class JetStreamStreamsIT {
  @TempDir static Path storeDir;
  private static TestServer server;
  private static Connection nc;
  private static JetStreamManagement jsm;
  private static JetStream js;

  @BeforeAll
  static void start() throws Exception {
    server = start(storeDir);
    nc = connect(server);
    jsm = nc.jetStreamManagement();
    js = nc.jetStream();
  }

  static TestServer start(Path dir) {
    return TestServer.start(
        b -> b.set(NodeSettings.JETSTREAM, true).set(NodeSettings.STORE_DIR, dir));
  }

  static Connection connect(TestServer s) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(s.url())
            .connectionTimeout(Duration.ofSeconds(3))
            .maxReconnects(0)
            .build());
  }

  @AfterAll
  static void stop() throws Exception {
    nc.close();
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static StreamConfiguration.Builder stream(String name, String... subjects) {
    return StreamConfiguration.builder()
        .name(name)
        .subjects(subjects)
        .storageType(StorageType.File);
  }

  @Test
  void accountInfoCountsStreamsAndStorage() throws Exception {
    jsm.addStream(stream("ACCT", "acct.>").build());
    js.publish("acct.a", bytes("hello"));
    AccountStatistics stats = jsm.getAccountStatistics();
    assertThat(stats.getStreams()).isGreaterThanOrEqualTo(1);
    assertThat(stats.getStorage()).isGreaterThanOrEqualTo(("acct.a" + "hello").length());
    assertThat(stats.getLimits().getMaxStreams()).isEqualTo(-1);
    jsm.deleteStream("ACCT");
  }

  @Test
  void createIsIdempotentAndRefusesADifferentConfig() throws Exception {
    StreamInfo info = jsm.addStream(stream("IDEM", "idem.>").build());
    assertThat(info.getConfiguration().getName()).isEqualTo("IDEM");
    assertThat(info.getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(info.getCreateTime()).isNotNull();
    jsm.addStream(stream("IDEM", "idem.>").build());
    assertThat(apiError(() -> jsm.addStream(stream("IDEM", "idem.>").maxMessages(5).build())))
        .isEqualTo(10058);
    jsm.deleteStream("IDEM");
  }

  @Test
  void invalidConfigsAreRefused() throws Exception {
    jsm.addStream(stream("OVER", "over.>").build());
    assertThat(apiError(() -> jsm.addStream(stream("OVER2", "over.a").build()))).isEqualTo(10065);
    assertThat(apiError(() -> jsm.addStream(stream("REPL", "repl").replicas(3).build())))
        .isEqualTo(10074);
    assertThat(
            apiError(
                () -> jsm.addStream(stream("AGE", "age").maxAge(Duration.ofMillis(10)).build())))
        .isEqualTo(10052);
    // A name with a dot, sent raw (jnats validates names itself).
    Message reply =
        nc.request("$JS.API.STREAM.CREATE.a.b", bytes("{\"name\":\"a.b\"}"), Duration.ofSeconds(2));
    assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("\"err_code\":");
    jsm.deleteStream("OVER");
  }

  @Test
  void infoFiltersSubjectsAndListsDeletes() throws Exception {
    jsm.addStream(stream("INFO", "info.>").build());
    for (String s : List.of("info.a", "info.b", "info.a", "info.c")) {
      js.publish(s, bytes("x"));
    }
    jsm.deleteMessage("INFO", 2);
    StreamInfo info =
        jsm.getStreamInfo(
            "INFO", StreamInfoOptions.builder().filterSubjects("info.a").deletedDetails().build());
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(3);
    assertThat(info.getStreamState().getFirstSequence()).isEqualTo(1);
    assertThat(info.getStreamState().getLastSequence()).isEqualTo(4);
    assertThat(info.getStreamState().getSubjectCount()).isEqualTo(2);
    assertThat(info.getStreamState().getSubjects()).hasSize(1);
    assertThat(info.getStreamState().getSubjects().get(0).getCount()).isEqualTo(2);
    assertThat(info.getStreamState().getDeleted()).containsExactly(2L);
    jsm.deleteStream("INFO");
    assertThat(apiError(() -> jsm.getStreamInfo("INFO"))).isEqualTo(10059);
  }

  @Test
  void updateChangesLimitsAndRefusesIllegalChanges() throws Exception {
    jsm.addStream(stream("UPD", "upd.>").build());
    for (int i = 0; i < 10; i++) {
      js.publish("upd.a", bytes("m" + i));
    }
    StreamInfo info = jsm.updateStream(stream("UPD", "upd.>").maxMessages(3).build());
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(3);
    assertThat(info.getStreamState().getFirstSequence()).isEqualTo(8);
    assertThat(
            apiError(
                () ->
                    jsm.updateStream(
                        stream("UPD", "upd.>").storageType(StorageType.Memory).build())))
        .isEqualTo(10052);
    assertThat(apiError(() -> jsm.updateStream(stream("NOPE", "nope").build()))).isEqualTo(10059);
    jsm.deleteStream("UPD");
  }

  @Test
  void namesAndListPageAndFilter() throws Exception {
    jsm.addStream(stream("NAMES_A", "names.a").build());
    jsm.addStream(stream("NAMES_B", "names.b").build());
    assertThat(jsm.getStreamNames()).contains("NAMES_A", "NAMES_B");
    assertThat(jsm.getStreamNames("names.a")).containsExactly("NAMES_A");
    assertThat(jsm.getStreamNames("names.*")).containsExactly("NAMES_A", "NAMES_B");
    assertThat(jsm.getStreams().stream().map(i -> i.getConfiguration().getName()))
        .contains("NAMES_A", "NAMES_B");
    jsm.deleteStream("NAMES_A");
    jsm.deleteStream("NAMES_B");
  }

  @Test
  void manyStreamsArePaged() throws Exception {
    for (int i = 0; i < 300; i++) {
      jsm.addStream(
          StreamConfiguration.builder()
              .name("PAGE" + i)
              .subjects("page." + i)
              .storageType(StorageType.Memory)
              .build());
    }
    assertThat(jsm.getStreamNames().stream().filter(n -> n.startsWith("PAGE"))).hasSize(300);
    assertThat(
            jsm.getStreams().stream()
                .filter(i -> i.getConfiguration().getName().startsWith("PAGE")))
        .hasSize(300);
    for (int i = 0; i < 300; i++) {
      jsm.deleteStream("PAGE" + i);
    }
  }

  @Test
  void purgeBySubjectKeepAndSequence() throws Exception {
    jsm.addStream(stream("PURGE", "purge.>").build());
    for (int i = 0; i < 10; i++) {
      js.publish(i % 2 == 0 ? "purge.a" : "purge.b", bytes("m" + i));
    }
    PurgeResponse r = jsm.purgeStream("PURGE", PurgeOptions.subject("purge.a"));
    assertThat(r.getPurged()).isEqualTo(5);
    r = jsm.purgeStream("PURGE", PurgeOptions.builder().keep(2).build());
    assertThat(r.getPurged()).isEqualTo(3);
    r = jsm.purgeStream("PURGE", PurgeOptions.builder().sequence(10).build());
    assertThat(r.getPurged()).isEqualTo(1);
    r = jsm.purgeStream("PURGE");
    assertThat(r.getPurged()).isEqualTo(1);
    StreamInfo info = jsm.getStreamInfo("PURGE");
    assertThat(info.getStreamState().getMsgCount()).isZero();
    assertThat(info.getStreamState().getFirstSequence()).isEqualTo(11);
    jsm.deleteStream("PURGE");
  }

  @Test
  void messagesAreReadBackThroughMsgGetAndDirectGet() throws Exception {
    for (boolean direct : List.of(false, true)) {
      String name = direct ? "GETD" : "GET";
      jsm.addStream(stream(name, name.toLowerCase() + ".>").allowDirect(direct).build());
      String p = name.toLowerCase();
      Headers h = new Headers().add("X-Key", "v1");
      js.publish(p + ".a", h, bytes("one"));
      js.publish(p + ".b", bytes("two"));
      js.publish(p + ".a", bytes("three"));
      MessageInfo m = jsm.getMessage(name, 1);
      assertThat(m.getSubject()).isEqualTo(p + ".a");
      assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("one");
      assertThat(m.getHeaders().getFirst("X-Key")).isEqualTo("v1");
      assertThat(m.getTime()).isNotNull();
      assertThat(jsm.getLastMessage(name, p + ".a").getSeq()).isEqualTo(3);
      assertThat(jsm.getFirstMessage(name, p + ".b").getSeq()).isEqualTo(2);
      assertThat(jsm.getNextMessage(name, 2, p + ".a").getSeq()).isEqualTo(3);
      assertThat(apiError(() -> jsm.getMessage(name, 99))).isEqualTo(10037);
      assertThat(apiError(() -> jsm.getLastMessage(name, p + ".zzz"))).isEqualTo(10037);
      assertThat(jsm.deleteMessage(name, 2)).isTrue();
      assertThat(jsm.deleteMessage(name, 3, false)).isTrue();
      assertThat(apiError(() -> jsm.deleteMessage(name, 2))).isEqualTo(10043);
      assertThat(apiError(() -> jsm.getMessage(name, 2))).isEqualTo(10037);
      jsm.deleteStream(name);
    }
  }

  @Test
  void denyDeleteAndDenyPurgeAreEnforced() throws Exception {
    jsm.addStream(stream("DENY", "deny").denyDelete(true).denyPurge(true).build());
    js.publish("deny", bytes("x"));
    assertThat(apiError(() -> jsm.deleteMessage("DENY", 1))).isEqualTo(10057);
    assertThat(apiError(() -> jsm.purgeStream("DENY"))).isEqualTo(10110);
    assertThat(apiError(() -> jsm.updateStream(stream("DENY", "deny").build()))).isEqualTo(10052);
    jsm.deleteStream("DENY");
  }

  @Test
  void publishAcksCarryContiguousSequences() throws Exception {
    jsm.addStream(stream("PUB", "pub.>").build());
    PublishAck ack = js.publish("pub.a", bytes("1"));
    assertThat(ack.getStream()).isEqualTo("PUB");
    assertThat(ack.getSeqno()).isEqualTo(1);
    List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      futures.add(js.publishAsync("pub.b", bytes("m" + i)));
    }
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).get().getSeqno()).isEqualTo(i + 2);
    }
    jsm.deleteStream("PUB");
  }

  @Test
  void duplicatesAndExpectationsFollowTheHeaders() throws Exception {
    jsm.addStream(stream("EXP", "exp.>").build());
    PublishAck first =
        js.publish("exp.a", bytes("x"), PublishOptions.builder().messageId("id-1").build());
    PublishAck dup =
        js.publish("exp.a", bytes("x"), PublishOptions.builder().messageId("id-1").build());
    assertThat(dup.isDuplicate()).isTrue();
    assertThat(dup.getSeqno()).isEqualTo(first.getSeqno());
    assertThat(
            apiError(
                () ->
                    js.publish(
                        "exp.a",
                        bytes("x"),
                        PublishOptions.builder().expectedStream("OTHER").build())))
        .isEqualTo(10060);
    js.publish("exp.a", bytes("x"), PublishOptions.builder().expectedLastSequence(1).build());
    assertThat(
            apiError(
                () ->
                    js.publish(
                        "exp.a",
                        bytes("x"),
                        PublishOptions.builder().expectedLastSequence(1).build())))
        .isEqualTo(10071);
    js.publish("exp.b", bytes("x"), PublishOptions.builder().messageId("id-2").build());
    js.publish("exp.b", bytes("x"), PublishOptions.builder().expectedLastMsgId("id-2").build());
    assertThat(
            apiError(
                () ->
                    js.publish(
                        "exp.b",
                        bytes("x"),
                        PublishOptions.builder().expectedLastMsgId("id-2").build())))
        .isEqualTo(10070);
    js.publish(
        "exp.new", bytes("x"), PublishOptions.builder().expectedLastSubjectSequence(0).build());
    assertThat(
            apiError(
                () ->
                    js.publish(
                        "exp.new",
                        bytes("x"),
                        PublishOptions.builder().expectedLastSubjectSequence(0).build())))
        .isEqualTo(10071);
    jsm.deleteStream("EXP");
  }

  @Test
  void limitsAndDiscardPolicies() throws Exception {
    jsm.addStream(stream("LIMOLD", "limold").maxMessages(3).build());
    for (int i = 0; i < 5; i++) {
      js.publish("limold", bytes("m" + i));
    }
    assertThat(jsm.getStreamInfo("LIMOLD").getStreamState().getFirstSequence()).isEqualTo(3);
    jsm.addStream(
        stream("LIMNEW", "limnew").maxMessages(2).discardPolicy(DiscardPolicy.New).build());
    js.publish("limnew", bytes("a"));
    js.publish("limnew", bytes("b"));
    assertThat(apiError(() -> js.publish("limnew", bytes("c")))).isEqualTo(10077);
    jsm.addStream(stream("PERSUB", "persub.>").maxMessagesPerSubject(2).build());
    for (int i = 0; i < 5; i++) {
      js.publish("persub.a", bytes("m" + i));
    }
    assertThat(jsm.getStreamInfo("PERSUB").getStreamState().getMsgCount()).isEqualTo(2);
    jsm.addStream(stream("SIZE", "size").maximumMessageSize(10).build());
    assertThat(apiError(() -> js.publish("size", bytes("more than ten bytes")))).isEqualTo(10054);
    for (String s : List.of("LIMOLD", "LIMNEW", "PERSUB", "SIZE")) {
      jsm.deleteStream(s);
    }
  }

  @Test
  void publishWithoutAStreamGetsNoResponders() {
    assertThatThrownBy(() -> js.publish("no.stream.here", bytes("x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("503");
  }

  @Test
  void rollupsNeedPermission() throws Exception {
    jsm.addStream(stream("ROLL", "roll.>").allowRollup(true).build());
    for (int i = 0; i < 3; i++) {
      js.publish("roll.a", bytes("a" + i));
      js.publish("roll.b", bytes("b" + i));
    }
    js.publish(NatsMessageBuilder.withHeader("roll.a", "Nats-Rollup", "sub", "latest"));
    StreamInfo info = jsm.getStreamInfo("ROLL", StreamInfoOptions.filterSubjects("roll.a"));
    assertThat(info.getStreamState().getSubjects().get(0).getCount()).isEqualTo(1);
    js.publish(NatsMessageBuilder.withHeader("roll.b", "Nats-Rollup", "all", "all"));
    assertThat(jsm.getStreamInfo("ROLL").getStreamState().getMsgCount()).isEqualTo(1);
    jsm.addStream(stream("NOROLL", "noroll").build());
    assertThat(
            apiError(
                () ->
                    js.publish(NatsMessageBuilder.withHeader("noroll", "Nats-Rollup", "sub", "x"))))
        .isEqualTo(10111);
    jsm.deleteStream("ROLL");
    jsm.deleteStream("NOROLL");
  }

  @Test
  void perMessageTtlExpiresMessages() throws Exception {
    jsm.addStream(stream("NOTTL", "nottl").build());
    assertThat(
            apiError(
                () -> js.publish(NatsMessageBuilder.withHeader("nottl", "Nats-TTL", "1", "x"))))
        .isEqualTo(10166);
    jsm.addStream(stream("TTL", "ttl").allowMessageTtl().build());
    assertThat(
            apiError(
                () -> js.publish(NatsMessageBuilder.withHeader("ttl", "Nats-TTL", "soon", "x"))))
        .isEqualTo(10165);
    js.publish(NatsMessageBuilder.withHeader("ttl", "Nats-TTL", "1s", "x"));
    js.publish("ttl", bytes("kept"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (jsm.getStreamInfo("TTL").getStreamState().getMsgCount() != 1
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(jsm.getStreamInfo("TTL").getStreamState().getMsgCount()).isEqualTo(1);
    jsm.deleteStream("NOTTL");
    jsm.deleteStream("TTL");
  }

  @Test
  void subjectTransformAndRepublish() throws Exception {
    jsm.addStream(
        stream("XFORM", "orders.*")
            .subjectTransform(
                io.nats.client.api.SubjectTransform.builder()
                    .source("orders.*")
                    .destination("archive.{{wildcard(1)}}")
                    .build())
            .republish(
                io.nats.client.api.Republish.builder().source(">").destination("copy.>").build())
            .build());
    var sub = nc.subscribe("copy.>");
    nc.flush(Duration.ofSeconds(1));
    js.publish("orders.7", bytes("o"));
    Message copy = sub.nextMessage(Duration.ofSeconds(2));
    assertThat(copy).isNotNull();
    assertThat(copy.getSubject()).isEqualTo("copy.archive.7");
    assertThat(copy.getHeaders().getFirst("Nats-Sequence")).isEqualTo("1");
    assertThat(jsm.getLastMessage("XFORM", "archive.7").getSeq()).isEqualTo(1);
    jsm.deleteStream("XFORM");
  }

  @Test
  void sealedStreamsRefuseEverything() throws Exception {
    jsm.addStream(stream("SEAL", "seal").build());
    js.publish("seal", bytes("x"));
    StreamInfo info = jsm.updateStream(stream("SEAL", "seal").seal().build());
    assertThat(info.getConfiguration().getSealed()).isTrue();
    assertThat(info.getConfiguration().getDenyDelete()).isTrue();
    assertThat(apiError(() -> js.publish("seal", bytes("y")))).isEqualTo(10109);
    assertThat(apiError(() -> jsm.deleteMessage("SEAL", 1))).isEqualTo(10109);
    jsm.deleteStream("SEAL");
  }

  @Test
  void deleteNeedsAnEmptyBodyAndUnknownRequestsAreBad() throws Exception {
    jsm.addStream(stream("DEL", "del").build());
    Message r = nc.request("$JS.API.STREAM.DELETE.DEL", bytes("{\"x\":1}"), Duration.ofSeconds(2));
    assertThat(new String(r.getData(), StandardCharsets.UTF_8)).contains("10038");
    r = nc.request("$JS.API.NOPE", bytes(""), Duration.ofSeconds(2));
    assertThat(new String(r.getData(), StandardCharsets.UTF_8)).contains("10003");
    r = nc.request("$JS.API.STREAM.CREATE.BAD", bytes("{not json"), Duration.ofSeconds(2));
    assertThat(new String(r.getData(), StandardCharsets.UTF_8)).contains("10025");
    jsm.deleteStream("DEL");
  }

  @Test
  void aKeyRotationResealsTheStreamInTheBackground(@TempDir Path dir) throws Exception {
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      c.jetStreamManagement().addStream(stream("ROT", "rot.>").build());
      JetStream j = c.jetStream();
      byte[] kb = new byte[1024];
      List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) { // 20 MB: a few closed segments
        acks.add(j.publishAsync("rot." + (i % 10), kb));
        if (acks.size() == 1000) {
          acks.forEach(CompletableFuture::join);
          acks.clear();
        }
      }
      acks.forEach(CompletableFuture::join);
      JsonNode info = accountInfo(c);
      assertThat(info.at("/encryption/key_version").asInt()).isEqualTo(1);
      assertThat(info.at("/encryption/reseal/segments_pending").asInt()).isZero();

      Message r = c.request("$JS.API.ACCOUNT.KEYS.ROTATE", new byte[0], Duration.ofSeconds(5));
      JsonNode rotated = Json.MAPPER.readTree(r.getData());
      assertThat(rotated.get("type").asText())
          .isEqualTo("io.tributary.jetstream.api.v1.account_keys_rotate_response");
      assertThat(rotated.get("key_version").asInt()).isEqualTo(2);
      j.publish("rot.new", bytes("under v2"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && (accountInfo(c).at("/encryption/reseal/segments_pending").asInt() > 0
              || accountInfo(c).at("/encryption/reseal/running").asBoolean())) {
        Thread.sleep(100);
      }
      info = accountInfo(c);
      assertThat(info.at("/encryption/key_version").asInt()).isEqualTo(2);
      assertThat(info.at("/encryption/reseal/segments_pending").asInt()).isZero();
      assertThat(info.at("/encryption/reseal/segments").asInt()).isGreaterThan(2);
      assertThat(info.at("/encryption/reseal/active_segments_with_older_keys").asBoolean())
          .isFalse();
      assertThat(info.at("/encryption/key_versions_kept").toString())
          .as("version 1 destroyed once nothing is sealed under it")
          .isEqualTo("[2]");
      assertThat(c.jetStreamManagement().getMessage("ROT", 1).getData()).isEqualTo(kb);
    }
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      StreamInfo info = c.jetStreamManagement().getStreamInfo("ROT");
      assertThat(info.getStreamState().getMsgCount()).isEqualTo(20_001);
      assertThat(c.jetStreamManagement().getLastMessage("ROT", "rot.new").getData())
          .isEqualTo(bytes("under v2"));
      assertThat(accountInfo(c).at("/encryption/key_version").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aDamagedRecordIsReportedAndCostsOnlyItself(@TempDir Path dir) throws Exception {
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      c.jetStreamManagement().addStream(stream("DMG", "dmg").build());
      for (int i = 1; i <= 10; i++) {
        c.jetStream().publish("dmg", bytes("message " + i));
      }
    }
    // One bit flipped in the middle of the segment: inside the fifth record or so.
    Path segment;
    try (var files = Files.walk(dir)) {
      segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    byte[] all = Files.readAllBytes(segment);
    all[all.length / 2] ^= 0x10;
    Files.write(segment, all);
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      StreamInfo info = c.jetStreamManagement().getStreamInfo("DMG");
      assertThat(info.getStreamState().getMsgCount()).as("all but one").isEqualTo(9);
      Message raw = c.request("$JS.API.STREAM.INFO.DMG", new byte[0], Duration.ofSeconds(2));
      assertThat(Json.MAPPER.readTree(raw.getData()).at("/state/damaged_records").asInt())
          .isEqualTo(1);
      assertThat(c.jetStreamManagement().getMessage("DMG", 10).getData())
          .isEqualTo(bytes("message 10"));
      var health = healthz(s);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("DMG").contains("damaged");
      c.jetStreamManagement().deleteStream("DMG");
      health = healthz(s);
      assertThat(health.statusCode()).as("healthy once the stream is gone").isEqualTo(200);
    }
  }

  private static java.net.http.HttpResponse<String> healthz(TestServer s) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.httpUrl() + "/healthz"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode accountInfo(Connection c) throws Exception {
    return Json.MAPPER.readTree(
        c.request("$JS.API.INFO", new byte[0], Duration.ofSeconds(2)).getData());
  }

  @Test
  void streamsDuplicateIdsAndSequencesSurviveARestart(@TempDir Path dir) throws Exception {
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      c.jetStreamManagement().addStream(stream("KEEP", "keep.>").build());
      JetStream j = c.jetStream();
      for (int i = 0; i < 100; i++) {
        j.publish(
            "keep." + (i % 3),
            bytes("m" + i),
            PublishOptions.builder().messageId("id" + i).build());
      }
      c.jetStreamManagement().deleteMessage("KEEP", 50);
    }
    try (TestServer s = start(dir);
        Connection c = connect(s)) {
      StreamInfo info = c.jetStreamManagement().getStreamInfo("KEEP");
      assertThat(info.getStreamState().getMsgCount()).isEqualTo(99);
      assertThat(info.getStreamState().getLastSequence()).isEqualTo(100);
      PublishAck dup =
          c.jetStream()
              .publish("keep.1", bytes("again"), PublishOptions.builder().messageId("id7").build());
      assertThat(dup.isDuplicate()).isTrue();
      assertThat(dup.getSeqno()).isEqualTo(8);
      assertThat(c.jetStream().publish("keep.1", bytes("new")).getSeqno()).isEqualTo(101);
    }
    // Encrypted at rest: no subject or payload text in any file.
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain("keep.1").doesNotContain("KEEP\"");
      }
    }
  }
}
