package io.tributary.bench.js;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.ObjectStore;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.tributary.bench.load.LoadRuns;
import io.tributary.bench.measure.CpuMeter;

/**
 * The consuming runs of {@code bench js}, with jnats, on the stream {@link JsPublish#STREAM}: the
 * stream is filled first (not timed), then one client consumes. Each run checks what it got (every
 * message, delivery counts), so a fast wrong answer cannot pass for a fast one.
 */
final class JsConsume {
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** One run: its rate (in the unit of its row) and what client and server used. */
  record Result(double rate, CpuMeter.Usage cpu) {}

  private JsConsume() {}

  /** Publishes {@code msgs} messages over {@code subjects} subjects ({@code bench.s<i>}). */
  static void fill(String url, long msgs, int size, int subjects) throws Exception {
    publishAll(url, msgs, i -> "bench.s" + (i % subjects), size);
  }

  // Async publishes with up to 2,000 unacknowledged, each acknowledged before returning.
  private static void publishAll(String url, long count, LongFunction<String> subject, int size)
      throws Exception {
    byte[] payload = new byte[size];
    try (Connection c = LoadRuns.connect(url)) {
      JetStream js = c.jetStream(JsPublish.options());
      ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
      for (long i = 0; i < count; i++) {
        if (inFlight.size() >= 2000) {
          inFlight.poll().get(60, TimeUnit.SECONDS);
        }
        inFlight.add(js.publishAsync(subject.apply(i), payload));
      }
      while (!inFlight.isEmpty()) {
        inFlight.poll().get(60, TimeUnit.SECONDS);
      }
    }
  }

  // A durable pull consumer on the bench stream.
  private static ConsumerContext pullConsumer(Connection c, ConsumerConfiguration config)
      throws Exception {
    return c.jetStream(JsPublish.options())
        .getStreamContext(JsPublish.STREAM)
        .createOrUpdateConsumer(config);
  }

  /** Starts consuming with {@code handler}; what the timed run consumes through. */
  private interface Start {
    MessageConsumer consume(MessageHandler handler) throws Exception;
  }

  // Times a consumer from its start until `msgs` messages went through `each` (which returns true
  // for a message that counts), then `after` (still timed).
  private static Result timed(
      long pid, long msgs, String what, Start start, Predicate<Message> each, Callable<?> after)
      throws Exception {
    CountDownLatch all = new CountDownLatch(1);
    AtomicLong n = new AtomicLong();
    CpuMeter meter = CpuMeter.start(pid);
    long t0 = System.nanoTime();
    try (MessageConsumer mc =
        start.consume(
            m -> {
              if (each.test(m) && n.incrementAndGet() == msgs) {
                all.countDown();
              }
            })) {
      await(all, what);
      after.call();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(msgs / seconds, meter.stop());
  }

  private static final ConsumeOptions BATCH_500 = ConsumeOptions.builder().batchSize(500).build();

  /**
   * A durable pull consumer with explicit acks, consumed with jnats' {@code consume()} in batches
   * of 500, each message acked; timed until the consumer's ack floor reaches the last message.
   */
  static Result explicitAcks(String url, long pid, long msgs) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      ConsumerContext cc =
          pullConsumer(
              c,
              ConsumerConfiguration.builder()
                  .durable("acks")
                  .ackPolicy(AckPolicy.Explicit)
                  .maxAckPending(20_000)
                  .build());
      JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
      return timed(
          pid,
          msgs,
          "explicit-ack consume",
          h -> cc.consume(BATCH_500, h),
          m -> {
            m.ack();
            return true;
          },
          () -> {
            while (jsm.getConsumerInfo(JsPublish.STREAM, "acks").getAckFloor().getStreamSequence()
                < msgs) {
              Thread.sleep(1);
            }
            return null;
          });
    }
  }

  /** jnats' ordered consumer replaying the whole stream. */
  static Result orderedReplay(String url, long pid, long msgs) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      var oc =
          c.jetStream(JsPublish.options())
              .getStreamContext(JsPublish.STREAM)
              .createOrderedConsumer(new OrderedConsumerConfiguration());
      return timed(pid, msgs, "ordered replay", oc::consume, m -> true, () -> null);
    }
  }

  /**
   * A pull consumer without acks and with the given filters (none: unfiltered), consumed to the
   * end; the stream's messages are spread over 100 subjects.
   */
  static Result filtered(String url, long pid, long msgs, List<String> filters) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      ConsumerConfiguration.Builder b =
          ConsumerConfiguration.builder().durable("f").ackPolicy(AckPolicy.None);
      if (!filters.isEmpty()) {
        b.filterSubjects(filters);
      }
      ConsumerContext cc = pullConsumer(c, b.build());
      return timed(
          pid, msgs, "filtered consume", h -> cc.consume(BATCH_500, h), m -> true, () -> null);
    }
  }

  /** The 100 subjects {@link #fill} spread messages over, as 100 filters. */
  static List<String> hundredFilters() {
    List<String> f = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      f.add("bench.s" + i);
    }
    return f;
  }

  /**
   * Explicit acks with every tenth message NAKed on its first delivery: every message must end up
   * acknowledged once, the NAKed ones delivered exactly twice, the others once.
   */
  static Result redelivery(String url, long pid, long msgs) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      ConsumerContext cc =
          pullConsumer(
              c,
              ConsumerConfiguration.builder()
                  .durable("nak")
                  .ackPolicy(AckPolicy.Explicit)
                  .maxAckPending(20_000)
                  .build());
      byte[] deliveries = new byte[Math.toIntExact(msgs + 1)];
      Result r =
          timed(
              pid,
              msgs,
              "redelivery",
              h -> cc.consume(BATCH_500, h),
              m -> {
                int seq = (int) m.metaData().streamSequence();
                long dc = m.metaData().deliveredCount();
                synchronized (deliveries) {
                  deliveries[seq]++;
                  if (deliveries[seq] != dc) {
                    throw new IllegalStateException(
                        "message " + seq + ": delivery count " + dc + ", seen " + deliveries[seq]);
                  }
                }
                if (seq % 10 == 0 && dc == 1) {
                  m.nak();
                  return false;
                }
                m.ack();
                return true;
              },
              () -> null);
      for (int seq = 1; seq <= msgs; seq++) {
        int want = seq % 10 == 0 ? 2 : 1;
        if (deliveries[seq] != want) {
          throw new IllegalStateException(
              "message " + seq + " was delivered " + deliveries[seq] + " times, not " + want);
        }
      }
      return r;
    }
  }

  // ---- Key/Value ----

  static void createBucket(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.keyValueManagement()
          .create(
              KeyValueConfiguration.builder().name("bench").storageType(StorageType.File).build());
    }
  }

  static void deleteBucket(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.keyValueManagement().delete("bench");
    }
  }

  /** {@code kv.put}, one at a time (each acknowledged durable), over {@code keys} keys. */
  static Result kvPut(String url, long pid, long puts, int keys, int size) throws Exception {
    byte[] value = new byte[size];
    try (Connection c = LoadRuns.connect(url)) {
      KeyValue kv = c.keyValue("bench");
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      for (long i = 0; i < puts; i++) {
        kv.put("k" + (i % keys), value);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(puts / seconds, meter.stop());
    }
  }

  /** {@code kv.get} of existing keys, one at a time. */
  static Result kvGet(String url, long pid, long gets, int keys) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      KeyValue kv = c.keyValue("bench");
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      for (long i = 0; i < gets; i++) {
        if (kv.get("k" + (i % keys)) == null) {
          throw new IllegalStateException("key k" + (i % keys) + " is missing");
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(gets / seconds, meter.stop());
    }
  }

  /** Fills the bucket with {@code keys} keys (async publishes, not timed). */
  static void kvFill(String url, int keys, int size) throws Exception {
    publishAll(url, keys, i -> "$KV.bench.k" + i, size);
  }

  /** {@code kv.watchAll}: seconds until every key's value arrived and end of data was signalled. */
  static Result kvWatch(String url, long pid, int keys) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      KeyValue kv = c.keyValue("bench");
      AtomicLong n = new AtomicLong();
      CountDownLatch end = new CountDownLatch(1);
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      try (var sub =
          kv.watchAll(
              new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry entry) {
                  n.incrementAndGet();
                }

                @Override
                public void endOfData() {
                  end.countDown();
                }
              })) {
        await(end, "kv watch");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (n.get() != keys) {
        throw new IllegalStateException("the watch saw " + n.get() + " keys, not " + keys);
      }
      return new Result(seconds, meter.stop());
    }
  }

  // ---- Object Store ----

  static void createObjectBucket(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.objectStoreManagement()
          .create(ObjectStoreConfiguration.builder("bench").storageType(StorageType.File).build());
    }
  }

  static void deleteObjectBucket(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.objectStoreManagement().delete("bench");
    }
  }

  /** Puts one object of {@code bytes}; MB/s. */
  static Result objectPut(String url, long pid, byte[] bytes) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      ObjectStore os = c.objectStore("bench");
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      os.put(ObjectMeta.builder("big").build(), new ByteArrayInputStream(bytes));
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(bytes.length / 1048576.0 / seconds, meter.stop());
    }
  }

  /** Gets the object back (digest checked by the client); MB/s. */
  static Result objectGet(String url, long pid, long size) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      ObjectStore os = c.objectStore("bench");
      AtomicLong got = new AtomicLong();
      OutputStream counting =
          new OutputStream() {
            @Override
            public void write(int b) {
              got.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
              got.addAndGet(len);
            }
          };
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      os.get("big", counting);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (got.get() != size) {
        throw new IllegalStateException("got " + got.get() + " bytes of " + size);
      }
      return new Result(size / 1048576.0 / seconds, meter.stop());
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(what + " did not finish within " + WAIT);
    }
  }
}
