package io.tributary.dataplane.jetstream;

import static io.tributary.dataplane.jetstream.ApiErrors.apiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.StreamContext;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import io.tributary.dataplane.testing.TestServer;

/**
 * JetStream consumers through jnats: the consuming rows of the compatibility matrix (D1–D15, J10–
 * J12) — pull and push, every ack kind, redelivery, deliver and ack policies, ordered consumers,
 * limits and their errors — and a consumer's state across a restart.
 */
class JetStreamConsumersIT {
  @TempDir static Path storeDir;
  private static TestServer server;
  private static Connection nc;
  private static JetStreamManagement jsm;
  private static JetStream js;

  @BeforeAll
  static void start() throws Exception {
    server = JetStreamStreamsIT.start(storeDir);
    nc = JetStreamStreamsIT.connect(server);
    jsm = nc.jetStreamManagement();
    js = nc.jetStream();
  }

  @AfterAll
  static void stop() throws Exception {
    nc.close();
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void stream(String name, String... subjects) throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name(name)
            .subjects(subjects)
            .storageType(StorageType.File)
            .build());
  }

  private static void publish(String subject, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      js.publish(subject, bytes("m" + i));
    }
  }

  @Test
  void simplifiedPullNextFetchAndNoWait() throws Exception {
    stream("PULL", "pull.>");
    publish("pull.a", 10);
    StreamContext sc = js.getStreamContext("PULL");
    ConsumerContext cc =
        sc.createOrUpdateConsumer(
            ConsumerConfiguration.builder().durable("d").ackPolicy(AckPolicy.Explicit).build());
    Message first = cc.next(Duration.ofSeconds(2));
    assertThat(first).isNotNull();
    assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("m0");
    NatsJetStreamMetaData meta = first.metaData();
    assertThat(meta.streamSequence()).isEqualTo(1);
    assertThat(meta.consumerSequence()).isEqualTo(1);
    assertThat(meta.deliveredCount()).isEqualTo(1);
    assertThat(meta.pendingCount()).isEqualTo(9);
    assertThat(meta.getStream()).isEqualTo("PULL");
    assertThat(meta.getConsumer()).isEqualTo("d");
    first.ack();

    List<Message> got = new ArrayList<>();
    try (FetchConsumer fc = cc.fetchMessages(5)) {
      Message m;
      while ((m = fc.nextMessage()) != null) {
        got.add(m);
        m.ack();
      }
    }
    assertThat(got).hasSize(5);
    assertThat(got.get(4).metaData().streamSequence()).isEqualTo(6);

    List<Message> rest = new ArrayList<>();
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().maxMessages(10).noWait().build())) {
      Message m;
      while ((m = fc.nextMessage()) != null) {
        rest.add(m);
        m.ackSync(Duration.ofSeconds(2));
      }
    }
    assertThat(rest).hasSize(4);
    assertThat(cc.next(Duration.ofSeconds(1))).isNull();
    ConsumerInfo info = cc.getConsumerInfo();
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getNumPending()).isZero();
    assertThat(info.getDelivered().getStreamSequence()).isEqualTo(10);
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(10);
    jsm.deleteStream("PULL");
  }

  @Test
  void consumeLoopDeliversEverythingAcrossRepulls() throws Exception {
    stream("CONSUME", "consume.>");
    int n = 2000;
    List<java.util.concurrent.CompletableFuture<io.nats.client.api.PublishAck>> acks =
        new ArrayList<>();
    for (int i = 0; i < n; i++) {
      acks.add(js.publishAsync("consume.x", bytes("m" + i)));
    }
    for (var f : acks) {
      f.get(10, TimeUnit.SECONDS);
    }
    ConsumerContext cc =
        js.getStreamContext("CONSUME")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder().durable("c").ackPolicy(AckPolicy.Explicit).build());
    CountDownLatch all = new CountDownLatch(n);
    AtomicInteger seen = new AtomicInteger();
    try (MessageConsumer mc =
        cc.consume(
            m -> {
              seen.incrementAndGet();
              m.ack();
              all.countDown();
            })) {
      assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen.get()).isEqualTo(n);
    jsm.deleteStream("CONSUME");
  }

  @Test
  void nakTermWorkInProgressAndRedeliveryAfterAckWait() throws Exception {
    stream("ACKS", "acks.>");
    publish("acks.a", 3);
    ConsumerContext cc =
        js.getStreamContext("ACKS")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("r")
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(Duration.ofSeconds(1))
                    .maxDeliver(3)
                    .build());
    Message m1 = cc.next(Duration.ofSeconds(2));
    m1.nak();
    Message again = cc.next(Duration.ofSeconds(2));
    assertThat(again.metaData().streamSequence()).isEqualTo(1);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
    assertThat(again.metaData().consumerSequence()).isEqualTo(2);
    again.term();
    Message m2 = cc.next(Duration.ofSeconds(2));
    assertThat(m2.metaData().streamSequence()).isEqualTo(2);
    m2.inProgress();
    // Not acked: back after the ack wait, delivered twice.
    Message m3 = cc.next(Duration.ofSeconds(2));
    assertThat(m3.metaData().streamSequence()).isEqualTo(3);
    m3.ack();
    Message back = cc.next(Duration.ofSeconds(3));
    assertThat(back.metaData().streamSequence()).isEqualTo(2);
    assertThat(back.metaData().deliveredCount()).isEqualTo(2);
    ConsumerInfo info = cc.getConsumerInfo();
    assertThat(info.getRedelivered()).isEqualTo(1);
    assertThat(info.getNumAckPending()).isEqualTo(1);
    back.ack();
    jsm.deleteStream("ACKS");
  }

  @Test
  void maxDeliverStopsRedeliveryAndAdvises() throws Exception {
    stream("MAXD", "maxd.>");
    publish("maxd.a", 1);
    Subscription advisories = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.MAXD.md");
    nc.flush(Duration.ofSeconds(1));
    ConsumerContext cc =
        js.getStreamContext("MAXD")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("md")
                    .ackPolicy(AckPolicy.Explicit)
                    .maxDeliver(2)
                    .build());
    cc.next(Duration.ofSeconds(1)).nak();
    Message second = cc.next(Duration.ofSeconds(1));
    assertThat(second.metaData().deliveredCount()).isEqualTo(2);
    second.nak();
    assertThat(cc.next(Duration.ofSeconds(1))).isNull();
    Message advisory = advisories.nextMessage(Duration.ofSeconds(2));
    assertThat(advisory).isNotNull();
    assertThat(new String(advisory.getData(), StandardCharsets.UTF_8))
        .contains("\"stream_seq\":1")
        .contains("io.nats.jetstream.advisory.v1.max_deliver");
    assertThat(cc.getConsumerInfo().getNumAckPending()).isZero();
    jsm.deleteStream("MAXD");
  }

  @Test
  void deadLetterStreamKeepsWhatConsumersGaveUpOn() throws Exception {
    // docs/dead-letter.md: a stream of the advisories, each original fetched by its sequence.
    jsm.addStream(
        StreamConfiguration.builder()
            .name("DLQ")
            .subjects(
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
                "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>")
            .storageType(StorageType.File)
            .build());
    stream("WORK", "work.>");
    js.publish("work.a", bytes("poison"));
    js.publish("work.b", bytes("refused"));
    ConsumerContext cc =
        js.getStreamContext("WORK")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("w")
                    .ackPolicy(AckPolicy.Explicit)
                    .maxDeliver(1)
                    .build());
    cc.next(Duration.ofSeconds(1)).nak(); // its one delivery used up
    Message refused = cc.next(Duration.ofSeconds(1));
    nc.publish(refused.getReplyTo(), bytes("+TERM not for us")); // jnats has no term(reason)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (jsm.getStreamInfo("DLQ").getStreamState().getMsgCount() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<String> originals = new ArrayList<>();
    for (long seq = 1; seq <= 2; seq++) {
      var advisory =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(jsm.getMessage("DLQ", seq).getData());
      originals.add(
          new String(
              jsm.getMessage(advisory.get("stream").asText(), advisory.get("stream_seq").asLong())
                  .getData(),
              StandardCharsets.UTF_8));
    }
    assertThat(originals).containsExactlyInAnyOrder("poison", "refused");
    jsm.deleteStream("WORK");
    jsm.deleteStream("DLQ");
  }

  @Test
  void deliverPoliciesAndFilters() throws Exception {
    stream("POL", "pol.>");
    js.publish("pol.a", bytes("a1"));
    js.publish("pol.b", bytes("b1"));
    js.publish("pol.a", bytes("a2"));
    js.publish("pol.c", bytes("c1"));
    js.publish("pol.b", bytes("b2"));
    assertThat(firstSeq(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All)))
        .isEqualTo(1);
    assertThat(firstSeq(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.Last)))
        .isEqualTo(5);
    assertThat(
            firstSeq(
                ConsumerConfiguration.builder()
                    .deliverPolicy(DeliverPolicy.Last)
                    .filterSubject("pol.a")))
        .isEqualTo(3);
    assertThat(
            firstSeq(
                ConsumerConfiguration.builder()
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(4)))
        .isEqualTo(4);
    ConsumerInfo lps =
        jsm.addOrUpdateConsumer(
            "POL",
            ConsumerConfiguration.builder()
                .deliverPolicy(DeliverPolicy.LastPerSubject)
                .filterSubjects("pol.a", "pol.b")
                .build());
    assertThat(lps.getNumPending()).isEqualTo(2);
    ConsumerInfo filtered =
        jsm.addOrUpdateConsumer(
            "POL", ConsumerConfiguration.builder().filterSubjects("pol.b", "pol.c").build());
    assertThat(filtered.getNumPending()).isEqualTo(3);
    ConsumerInfo fresh =
        jsm.addOrUpdateConsumer(
            "POL", ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build());
    assertThat(fresh.getNumPending()).isZero();
    assertThat(fresh.getDelivered().getStreamSequence()).isEqualTo(5);
    assertThat(
            apiError(
                () ->
                    jsm.addOrUpdateConsumer(
                        "POL",
                        ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.LastPerSubject)
                            .build())))
        .isEqualTo(10094);
    assertThat(
            apiError(
                () ->
                    jsm.addOrUpdateConsumer(
                        "POL",
                        ConsumerConfiguration.builder().filterSubjects("pol.>", "pol.a").build())))
        .isEqualTo(10138);
    jsm.deleteStream("POL");
  }

  // The first stream sequence a new pull consumer delivers.
  private static long firstSeq(ConsumerConfiguration.Builder b) throws Exception {
    ConsumerInfo ci = jsm.addOrUpdateConsumer("POL", b.build());
    ConsumerContext cc = js.getConsumerContext("POL", ci.getName());
    Message m = cc.next(Duration.ofSeconds(2));
    jsm.deleteConsumer("POL", ci.getName());
    return m.metaData().streamSequence();
  }

  @Test
  void consumerApiCreateRulesAndErrors() throws Exception {
    stream("API", "api.>");
    jsm.addOrUpdateConsumer("API", ConsumerConfiguration.builder().durable("one").build());
    assertThat(
            apiError(
                () ->
                    jsm.createConsumer(
                        "API",
                        ConsumerConfiguration.builder().durable("one").description("x").build())))
        .isEqualTo(10148);
    assertThat(
            apiError(
                () ->
                    jsm.updateConsumer(
                        "API", ConsumerConfiguration.builder().durable("nobody").build())))
        .isEqualTo(10149);
    assertThat(
            apiError(
                () ->
                    jsm.addOrUpdateConsumer(
                        "API",
                        ConsumerConfiguration.builder()
                            .durable("one")
                            .deliverPolicy(DeliverPolicy.New)
                            .build())))
        .isEqualTo(10012);
    assertThat(apiError(() -> jsm.getConsumerInfo("API", "missing"))).isEqualTo(10014);
    assertThat(apiError(() -> jsm.deleteConsumer("API", "missing"))).isEqualTo(10014);
    assertThat(apiError(() -> jsm.getConsumerInfo("NOSTREAM", "x"))).isEqualTo(10059);
    jsm.addOrUpdateConsumer(
        "API",
        ConsumerConfiguration.builder().durable("two").filterSubjects("api.a", "api.b").build());
    assertThat(jsm.getConsumerNames("API")).containsExactly("one", "two");
    assertThat(jsm.getConsumers("API")).hasSize(2);
    assertThat(jsm.getStreamInfo("API").getStreamState().getConsumerCount()).isEqualTo(2);
    assertThat(jsm.getAccountStatistics().getConsumers()).isGreaterThanOrEqualTo(2);
    ZonedDateTime until = ZonedDateTime.now().plusMinutes(1);
    assertThat(jsm.pauseConsumer("API", "one", until).isPaused()).isTrue();
    assertThat(jsm.getConsumerInfo("API", "one").getPaused()).isTrue();
    assertThat(jsm.resumeConsumer("API", "one")).isTrue();
    assertThat(jsm.deleteConsumer("API", "one")).isTrue();
    assertThat(jsm.getConsumerNames("API")).containsExactly("two");
    jsm.deleteStream("API");
  }

  @Test
  void pushConsumersWithQueueGroupAndHeadersOnly() throws Exception {
    stream("PUSH", "push.>");
    Headers h = new Headers().add("X-Kind", "k");
    for (int i = 0; i < 20; i++) {
      js.publish(NatsMessage.builder().subject("push.a").headers(h).data(bytes("p" + i)).build());
    }
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(20);
    Dispatcher d = nc.createDispatcher();
    PushSubscribeOptions opts =
        PushSubscribeOptions.builder()
            .durable("pq")
            .deliverGroup("workers")
            .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).build())
            .build();
    js.subscribe(
        "push.>",
        "workers",
        d,
        m -> {
          a.incrementAndGet();
          m.ack();
          done.countDown();
        },
        false,
        opts);
    js.subscribe(
        "push.>",
        "workers",
        d,
        m -> {
          b.incrementAndGet();
          m.ack();
          done.countDown();
        },
        false,
        opts);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(a.get() + b.get()).isEqualTo(20);

    JetStreamSubscription ho =
        js.subscribe(
            "push.a",
            PushSubscribeOptions.builder()
                .configuration(ConsumerConfiguration.builder().headersOnly(true).build())
                .build());
    Message m = ho.nextMessage(Duration.ofSeconds(2));
    assertThat(m.getData()).isEmpty();
    assertThat(m.getHeaders().getFirst("Nats-Msg-Size")).isEqualTo("2");
    assertThat(m.getHeaders().getFirst("X-Kind")).isEqualTo("k");
    d.unsubscribe("push.>");
    jsm.deleteStream("PUSH");
  }

  @Test
  void orderedConsumersPushAndPull() throws Exception {
    stream("ORD", "ord.>");
    publish("ord.x", 300);
    JetStreamSubscription push =
        js.subscribe("ord.>", PushSubscribeOptions.builder().ordered(true).build());
    for (int i = 0; i < 300; i++) {
      Message m = push.nextMessage(Duration.ofSeconds(2));
      assertThat(m).as("message %d", i).isNotNull();
      assertThat(m.metaData().streamSequence()).isEqualTo(i + 1);
    }
    push.unsubscribe();
    var oc =
        js.getStreamContext("ORD")
            .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject("ord.>"));
    int seen = 0;
    try (FetchConsumer fc = oc.fetchMessages(300)) {
      while (fc.nextMessage() != null) {
        seen++;
      }
    }
    assertThat(seen).isEqualTo(300);
    jsm.deleteStream("ORD");
  }

  @Test
  void legacyPullSubscription() throws Exception {
    stream("LEG", "leg.>");
    publish("leg.a", 7);
    JetStreamSubscription sub =
        js.subscribe("leg.>", PullSubscribeOptions.builder().durable("lp").build());
    List<Message> got = sub.fetch(5, Duration.ofSeconds(2));
    assertThat(got).hasSize(5);
    got.forEach(Message::ack);
    sub.pullNoWait(5);
    int rest = 0;
    Message m;
    while ((m = sub.nextMessage(Duration.ofMillis(500))) != null) {
      if (m.isJetStream()) {
        rest++;
        m.ack();
      }
    }
    assertThat(rest).isEqualTo(2);
    jsm.deleteStream("LEG");
  }

  @Test
  void maxAckPendingStallsDeliveries() throws Exception {
    stream("MAP", "map.>");
    publish("map.a", 10);
    ConsumerContext cc =
        js.getStreamContext("MAP")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("m")
                    .ackPolicy(AckPolicy.Explicit)
                    .maxAckPending(3)
                    .build());
    List<Message> got = new ArrayList<>();
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().maxMessages(10).expiresIn(1000).build())) {
      Message m;
      while ((m = fc.nextMessage()) != null) {
        got.add(m);
      }
    }
    assertThat(got).hasSize(3);
    got.forEach(Message::ack);
    assertThat(cc.next(Duration.ofSeconds(1))).isNotNull();
    jsm.deleteStream("MAP");
  }

  @Test
  void ackAllAcknowledgesEverythingBefore() throws Exception {
    stream("ALL", "all.>");
    publish("all.a", 5);
    ConsumerContext cc =
        js.getStreamContext("ALL")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder().durable("aa").ackPolicy(AckPolicy.All).build());
    List<Message> got = new ArrayList<>();
    try (FetchConsumer fc = cc.fetchMessages(5)) {
      Message m;
      while ((m = fc.nextMessage()) != null) {
        got.add(m);
      }
    }
    got.get(3).ack();
    nc.flush(Duration.ofSeconds(1));
    ConsumerInfo info = cc.getConsumerInfo();
    assertThat(info.getNumAckPending()).isEqualTo(1);
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(4);
    jsm.deleteStream("ALL");
  }

  @Test
  void ephemeralIsRemovedAfterInactivity() throws Exception {
    stream("EPH", "eph.>");
    ConsumerInfo ci =
        jsm.addOrUpdateConsumer(
            "EPH",
            ConsumerConfiguration.builder().inactiveThreshold(Duration.ofMillis(500)).build());
    assertThat(jsm.getConsumerNames("EPH")).contains(ci.getName());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!jsm.getConsumerNames("EPH").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(jsm.getConsumerNames("EPH")).isEmpty();
    jsm.deleteStream("EPH");
  }

  @Test
  void workQueueRemovesWhatIsAcknowledgedAndTakesOneConsumerPerSubject() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("WQ")
            .subjects("wq.>")
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.File)
            .build());
    publish("wq.a", 4);
    ConsumerContext cc =
        js.getStreamContext("WQ")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder().durable("w").ackPolicy(AckPolicy.Explicit).build());
    assertThat(
            apiError(
                () ->
                    jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                            .durable("w2")
                            .ackPolicy(AckPolicy.Explicit)
                            .build())))
        .isEqualTo(10099);
    assertThat(
            apiError(
                () ->
                    jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                            .durable("w3")
                            .ackPolicy(AckPolicy.None)
                            .filterSubject("wq.b")
                            .build())))
        .isEqualTo(10084); // a pull consumer without acks, as nats-server checks first
    cc.next(Duration.ofSeconds(1)).ackSync(Duration.ofSeconds(2));
    cc.next(Duration.ofSeconds(1)).ackSync(Duration.ofSeconds(2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (jsm.getStreamInfo("WQ").getStreamState().getMsgCount() != 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(jsm.getStreamInfo("WQ").getStreamState().getMsgCount()).isEqualTo(2);
    jsm.deleteStream("WQ");
  }

  @Test
  void interestKeepsAMessageUntilEveryInterestedConsumerAcknowledged() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("INT")
            .subjects("int.>")
            .retentionPolicy(RetentionPolicy.Interest)
            .storageType(StorageType.File)
            .build());
    publish("int.a", 1); // nobody is interested yet: not kept
    ConsumerContext one =
        js.getStreamContext("INT")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("i1")
                    .ackPolicy(AckPolicy.Explicit)
                    .build());
    ConsumerContext two =
        js.getStreamContext("INT")
            .createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                    .durable("i2")
                    .ackPolicy(AckPolicy.Explicit)
                    .build());
    publish("int.a", 1);
    assertThat(jsm.getStreamInfo("INT").getStreamState().getMsgCount()).isEqualTo(1);
    one.next(Duration.ofSeconds(1)).ackSync(Duration.ofSeconds(2));
    Thread.sleep(200);
    assertThat(jsm.getStreamInfo("INT").getStreamState().getMsgCount()).isEqualTo(1);
    two.next(Duration.ofSeconds(1)).ackSync(Duration.ofSeconds(2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (jsm.getStreamInfo("INT").getStreamState().getMsgCount() != 0
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(jsm.getStreamInfo("INT").getStreamState().getMsgCount()).isZero();
    // A consumer that goes takes its interest with it: what only it still needed is removed.
    publish("int.a", 1);
    one.next(Duration.ofSeconds(1)).ackSync(Duration.ofSeconds(2));
    assertThat(jsm.getStreamInfo("INT").getStreamState().getMsgCount()).isEqualTo(1);
    jsm.deleteConsumer("INT", "i2");
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (jsm.getStreamInfo("INT").getStreamState().getMsgCount() != 0
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(jsm.getStreamInfo("INT").getStreamState().getMsgCount()).isZero();
    jsm.deleteStream("INT");
  }

  @Test
  void lastPerSubjectResumesWithItsStartMessagesAfterARestart(@TempDir Path dir) throws Exception {
    try (TestServer s = JetStreamStreamsIT.start(dir);
        Connection c = JetStreamStreamsIT.connect(s)) {
      c.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("LPS")
                  .subjects("lps.>")
                  .storageType(StorageType.File)
                  .build());
      JetStream j = c.jetStream();
      for (String subject : List.of("lps.a", "lps.a", "lps.b", "lps.b")) {
        j.publish(subject, bytes(subject));
      }
      ConsumerContext cc =
          j.getStreamContext("LPS")
              .createOrUpdateConsumer(
                  ConsumerConfiguration.builder()
                      .durable("l")
                      .deliverPolicy(DeliverPolicy.LastPerSubject)
                      .filterSubject("lps.>")
                      .build());
      assertThat(cc.next(Duration.ofSeconds(1)).metaData().streamSequence()).isEqualTo(2);
    }
    try (TestServer s = JetStreamStreamsIT.start(dir);
        Connection c = JetStreamStreamsIT.connect(s)) {
      ConsumerContext cc = c.jetStream().getConsumerContext("LPS", "l");
      assertThat(cc.getConsumerInfo().getNumPending()).isEqualTo(1);
      assertThat(cc.next(Duration.ofSeconds(1)).metaData().streamSequence())
          .as("the last of lps.b, not its older message")
          .isEqualTo(4);
    }
  }

  @Test
  void acknowledgedStateSurvivesARestart(@TempDir Path dir) throws Exception {
    try (TestServer s = JetStreamStreamsIT.start(dir);
        Connection c = JetStreamStreamsIT.connect(s)) {
      JetStreamManagement m = c.jetStreamManagement();
      JetStream j = c.jetStream();
      m.addStream(
          StreamConfiguration.builder()
              .name("KEEP")
              .subjects("keep.>")
              .storageType(StorageType.File)
              .build());
      for (int i = 0; i < 10; i++) {
        j.publish("keep.a", bytes("k" + i));
      }
      ConsumerContext cc =
          j.getStreamContext("KEEP")
              .createOrUpdateConsumer(
                  ConsumerConfiguration.builder()
                      .durable("k")
                      .ackPolicy(AckPolicy.Explicit)
                      .build());
      try (FetchConsumer fc = cc.fetchMessages(6)) {
        Message msg;
        while ((msg = fc.nextMessage()) != null) {
          if (msg.metaData().streamSequence() != 2) {
            msg.ackSync(Duration.ofSeconds(2));
          }
        }
      }
    }
    try (TestServer s = JetStreamStreamsIT.start(dir);
        Connection c = JetStreamStreamsIT.connect(s)) {
      ConsumerInfo info = c.jetStreamManagement().getConsumerInfo("KEEP", "k");
      assertThat(info.getNumAckPending()).isEqualTo(1);
      assertThat(info.getDelivered().getStreamSequence()).isEqualTo(6);
      assertThat(info.getNumPending()).isEqualTo(4);
      ConsumerContext cc = c.jetStream().getConsumerContext("KEEP", "k");
      List<Long> seqs = new ArrayList<>();
      try (FetchConsumer fc =
          cc.fetch(FetchConsumeOptions.builder().maxMessages(4).expiresIn(2000).build())) {
        Message msg;
        while ((msg = fc.nextMessage()) != null) {
          seqs.add(msg.metaData().streamSequence());
        }
      }
      assertThat(seqs).containsExactly(7L, 8L, 9L, 10L);
    }
  }
}
