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

  /** What one publisher does with its connection; returns its ack latencies, or null. */
  private interface Loop {
    long[] publish(JetStream js, String subject, long count) throws Exception;
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
  static Result async(String url, long serverPid, int publishers, long msgs, int size, int window)
      throws Exception {
    byte[] payload = new byte[size];
    return run(
        url,
        serverPid,
        publishers,
        msgs,
        (js, subject, count) -> {
          PublishLoops.windowed(
              count, window, () -> js.publishAsync(subject, payload), JsPublish::awaitAck);
          return null;
        });
  }

  /** {@code js.publish}, one message at a time per publisher; records each ack's latency. */
  static Result sync(String url, long serverPid, int publishers, long msgs, int size)
      throws Exception {
    byte[] payload = new byte[size];
    return run(
        url,
        serverPid,
        publishers,
        msgs,
        (js, subject, count) -> PublishLoops.oneAtATime(count, () -> js.publish(subject, payload)));
  }

  private static void awaitAck(CompletableFuture<PublishAck> ack) throws Exception {
    ack.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  // Connects every publisher and starts its thread first, then times from one signal to the last
  // ack, so that connecting is not part of the rate.
  private static Result run(String url, long serverPid, int publishers, long msgs, Loop loop)
      throws Exception {
    long each = msgs / publishers;
    List<Connection> conns = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            publishers, r -> Thread.ofPlatform().name("bench-publisher").unstarted(r));
    try {
      List<Callable<long[]>> loops = new ArrayList<>();
      for (int i = 0; i < publishers; i++) {
        Connection c = LoadRuns.connect(url);
        conns.add(c);
        JetStream js = c.jetStream(OPTIONS);
        String subject = "bench.p" + i;
        loops.add(() -> loop.publish(js, subject, each));
      }
      return PublishLoops.measure(pool, loops, each, serverPid);
    } finally {
      pool.shutdownNow();
      for (Connection c : conns) {
        c.close();
      }
    }
  }
}
