package io.tributary.bench.js;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.tributary.bench.measure.CpuMeter;

/**
 * What {@link JsPublish} and {@link KafkaPublish} share: a publisher's two loops (windowed async,
 * one at a time with each ack's latency) and the timing of a run from one signal to the last ack.
 */
final class PublishLoops {
  /** Sends one message; returns what its ack is awaited with. */
  interface Send<A> {
    A send() throws Exception;
  }

  /** Waits for one ack. */
  interface AwaitAck<A> {
    void await(A ack) throws Exception;
  }

  /** Sends one message and waits for its ack. */
  interface Publish {
    void publish() throws Exception;
  }

  private PublishLoops() {}

  /**
   * {@code count} sends with up to {@code window} unacknowledged: when the window is full, wait for
   * the oldest ack; at the end, for all.
   */
  static <A> void windowed(long count, int window, Send<A> send, AwaitAck<A> await)
      throws Exception {
    ArrayDeque<A> inFlight = new ArrayDeque<>(window);
    for (long i = 0; i < count; i++) {
      if (inFlight.size() >= window) {
        await.await(inFlight.poll());
      }
      inFlight.add(send.send());
    }
    while (!inFlight.isEmpty()) {
      await.await(inFlight.poll());
    }
  }

  /** {@code count} publishes one at a time; each one's latency to its ack (ns). */
  static long[] oneAtATime(long count, Publish publish) throws Exception {
    long[] latency = new long[Math.toIntExact(count)];
    for (int i = 0; i < latency.length; i++) {
      long t0 = System.nanoTime();
      publish.publish();
      latency[i] = System.nanoTime() - t0;
    }
    return latency;
  }

  /**
   * Starts every publisher's loop on {@code pool} at one signal and times them to the last ack,
   * measuring the server's CPU meanwhile.
   *
   * @param publishers each publisher's loop, connected already: {@code each} messages acked, its
   *     ack latencies returned, or null
   */
  static JsPublish.Result measure(
      ExecutorService pool, List<Callable<long[]>> publishers, long each, long serverPid)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<long[]>> done = new ArrayList<>();
    for (Callable<long[]> publisher : publishers) {
      done.add(
          pool.submit(
              () -> {
                go.await();
                return publisher.call();
              }));
    }
    CpuMeter meter = CpuMeter.start(serverPid);
    long t0 = System.nanoTime();
    go.countDown();
    List<long[]> latencies = new ArrayList<>();
    for (Future<long[]> f : done) {
      latencies.add(f.get());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    CpuMeter.Usage cpu = meter.stop();
    long acked = each * publishers.size();
    long[] all = latencies.stream().filter(l -> l != null).flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return new JsPublish.Result(
        acked / seconds,
        all.length == 0 ? 0 : all[all.length / 2] / 1e3,
        all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e3,
        acked,
        cpu);
  }
}
