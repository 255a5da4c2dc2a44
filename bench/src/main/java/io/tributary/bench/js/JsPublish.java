package io.tributary.bench.js;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.bench.load.LoadRuns;
import io.tributary.bench.measure.CpuMeter;

/**
 * The JetStream publish runs, with jnats: one stream {@value #STREAM} on {@code bench.>}, R1;
 * publishers each on their own connection and thread, each to its own subject. A message counts
 * when its ack arrived; every run is bounded by the ack timeout.
 */
final class JsPublish {
  static final String STREAM = "BENCH";

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
  private static final JetStreamOptions OPTIONS =
      JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(30)).build();

  /**
   * One run.
   *
   * @param msgsPerSecond acknowledged messages per second, all publishers together
   * @param p50Micros median ack latency of sync publishes (0 for async)
   * @param p99Micros 99th percentile of the same
   * @param acked messages acknowledged
   * @param cpu what client and server used during the run
   */
  record Result(
      double msgsPerSecond, double p50Micros, double p99Micros, long acked, CpuMeter.Usage cpu) {}

  /** Who publishes: jnats, or the bench's own protocol client ({@link RawPublisher}). */
  enum Client {
    JNATS,
    RAW;

    static Client parse(String name) {
      for (Client c : values()) {
        if (c.name().equalsIgnoreCase(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException("--client takes 'jnats' or 'raw', not '" + name + "'");
    }
  }

  /** Opens one publisher's connection. */
  private interface Connect<C> {
    C connect(String url) throws Exception;
  }

  /** What one publisher does with its connection; returns its ack latencies, or null. */
  private interface Loop<C> {
    long[] publish(C conn, String subject, long count) throws Exception;
  }

  private JsPublish() {}

  static void createStream(String url, StorageType storage) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.jetStreamManagement(OPTIONS)
          .addStream(
              StreamConfiguration.builder()
                  .name(STREAM)
                  .subjects("bench.>")
                  .storageType(storage)
                  .replicas(1)
                  .build());
    }
  }

  static void deleteStream(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      c.jetStreamManagement(OPTIONS).deleteStream(STREAM);
    }
  }

  /** Messages in the stream, as {@code STREAM.INFO} reports them. */
  static long storedMessages(String url) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      return storedMessages(c.jetStreamManagement(OPTIONS));
    }
  }

  static long storedMessages(JetStreamManagement jsm) throws IOException, JetStreamApiException {
    return jsm.getStreamInfo(STREAM).getStreamState().getMsgCount();
  }

  /** The options every JetStream context here uses (30 s request timeout). */
  static JetStreamOptions options() {
    return OPTIONS;
  }

  /**
   * {@code js.publishAsync} with up to {@code window} unacknowledged messages per publisher: when
   * the window is full, wait for the oldest ack.
   */
  static Result async(
      Client client, String url, long serverPid, int publishers, long msgs, int size, int window)
      throws Exception {
    byte[] payload = new byte[size];
    if (client == Client.RAW) {
      return run(
          url,
          serverPid,
          publishers,
          msgs,
          RawPublisher::connect,
          (p, subject, count) -> {
            p.windowed(subject, count, window, payload);
            return null;
          });
    }
    return run(
        url,
        serverPid,
        publishers,
        msgs,
        LoadRuns::connect,
        (c, subject, count) -> {
          JetStream js = c.jetStream(OPTIONS);
          PublishLoops.windowed(
              count, window, () -> js.publishAsync(subject, payload), JsPublish::awaitAck);
          return null;
        });
  }

  /** {@code js.publish}, one message at a time per publisher; records each ack's latency. */
  static Result sync(Client client, String url, long serverPid, int publishers, long msgs, int size)
      throws Exception {
    byte[] payload = new byte[size];
    if (client == Client.RAW) {
      return run(
          url,
          serverPid,
          publishers,
          msgs,
          RawPublisher::connect,
          (p, subject, count) -> p.oneAtATime(subject, count, payload));
    }
    return run(
        url,
        serverPid,
        publishers,
        msgs,
        LoadRuns::connect,
        (c, subject, count) -> {
          JetStream js = c.jetStream(OPTIONS);
          return PublishLoops.oneAtATime(count, () -> js.publish(subject, payload));
        });
  }

  private static void awaitAck(CompletableFuture<PublishAck> ack) throws Exception {
    ack.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  // Connects every publisher and starts its thread first, then times from one signal to the last
  // ack, so that connecting is not part of the rate.
  private static <C extends AutoCloseable> Result run(
      String url, long serverPid, int publishers, long msgs, Connect<C> connect, Loop<C> loop)
      throws Exception {
    long each = msgs / publishers;
    List<C> conns = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            publishers, r -> Thread.ofPlatform().name("bench-publisher").unstarted(r));
    try {
      List<Callable<long[]>> loops = new ArrayList<>();
      for (int i = 0; i < publishers; i++) {
        C c = connect.connect(url);
        conns.add(c);
        String subject = "bench.p" + i;
        loops.add(() -> loop.publish(c, subject, each));
      }
      return PublishLoops.measure(pool, loops, each, serverPid);
    } finally {
      pool.shutdownNow();
      for (C c : conns) {
        c.close();
      }
    }
  }
}
