package io.tributary.bench.js;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A JetStream publisher on a {@link RawConnection}: {@code PUB subject inbox.N size} frames written
 * several to a system call, PubAcks read as messages on its inbox and checked (an {@code "error"}
 * in one fails the run). It puts on the wire what jnats's {@code publishAsync} / {@code publish} do
 * (a unique reply subject per message) at a fraction of jnats's CPU per message ({@code bench js
 * --client raw}).
 */
final class RawPublisher implements AutoCloseable {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final int MAX_FRAMES_PER_WRITE = 64;

  private final RawConnection conn;

  private RawPublisher(RawConnection conn) {
    this.conn = conn;
  }

  static RawPublisher connect(String url) throws IOException {
    return new RawPublisher(RawConnection.connect(url));
  }

  /**
   * Publishes {@code count} messages on {@code subject} with at most {@code window} unacknowledged;
   * returns once every one is acknowledged. One reader thread counts the acks.
   */
  void windowed(String subject, long count, int window, byte[] payload) throws Exception {
    AtomicLong acked = new AtomicLong();
    Thread publisher = Thread.currentThread();
    Exception[] failure = new Exception[1];
    Thread reader =
        Thread.ofPlatform()
            .name("raw-acks")
            .start(
                () -> {
                  try {
                    for (long n = 0; n < count; n++) {
                      readAck();
                      acked.lazySet(n + 1);
                      LockSupport.unpark(publisher);
                    }
                  } catch (Exception e) {
                    failure[0] = e;
                    acked.set(Long.MIN_VALUE / 2); // ends the publisher's waits
                    LockSupport.unpark(publisher);
                  }
                });
    try {
      byte[] head = frameHead(subject);
      byte[] size = (" " + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] batch =
          new byte[MAX_FRAMES_PER_WRITE * (head.length + 21 + size.length + payload.length + 2)];
      long sent = 0;
      // A failed reader makes `acked` negative: stop then, or a full window would spin for ever.
      while (sent < count && acked.get() >= 0) {
        long free = window - (sent - acked.get());
        if (free <= 0) {
          awaitAcks(acked, sent - window + 1);
          continue;
        }
        int frames = (int) Math.min(Math.min(free, count - sent), MAX_FRAMES_PER_WRITE);
        int at = 0;
        for (int i = 0; i < frames; i++) {
          at = frame(batch, at, head, ++sent, size, payload);
        }
        conn.write(batch, 0, at);
      }
      awaitAcks(acked, count);
      reader.join();
    } finally {
      if (reader.isAlive()) {
        conn.close(); // ends the reader
      }
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /**
   * Publishes {@code count} messages one at a time, each after the previous one's ack, on this
   * thread; returns each one's latency to its ack (ns).
   */
  long[] oneAtATime(String subject, long count, byte[] payload) throws IOException {
    byte[] head = frameHead(subject);
    byte[] size = (" " + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[head.length + 21 + size.length + payload.length + 2];
    long[] latency = new long[Math.toIntExact(count)];
    for (int i = 0; i < latency.length; i++) {
      int length = frame(frame, 0, head, i + 1, size, payload);
      long t0 = System.nanoTime();
      conn.write(frame, 0, length);
      readAck();
      latency[i] = System.nanoTime() - t0;
    }
    return latency;
  }

  // Waits until at least `atLeast` acks arrived, the reader failed, or no ack came for a minute.
  private static void awaitAcks(AtomicLong acked, long atLeast) throws IOException {
    long deadline = System.nanoTime() + RawConnection.TIMEOUT_NANOS;
    long seen = acked.get();
    while (seen < atLeast && seen >= 0) {
      LockSupport.parkNanos(1_000_000);
      long now = acked.get();
      if (now != seen) {
        seen = now;
        deadline = System.nanoTime() + RawConnection.TIMEOUT_NANOS;
      } else if (System.nanoTime() > deadline) {
        throw new IOException("no ack within 60 s (" + seen + " acknowledged)");
      }
    }
  }

  private byte[] frameHead(String subject) {
    return ("PUB " + subject + " " + conn.inbox()).getBytes(StandardCharsets.US_ASCII);
  }

  // PUB subject inbox.N size\r\npayload\r\n at `at`; returns the end.
  private static int frame(byte[] b, int at, byte[] head, long n, byte[] size, byte[] payload) {
    System.arraycopy(head, 0, b, at, head.length);
    at += head.length;
    at = decimal(b, at, n);
    System.arraycopy(size, 0, b, at, size.length);
    at += size.length;
    System.arraycopy(payload, 0, b, at, payload.length);
    at += payload.length;
    System.arraycopy(CRLF, 0, b, at, 2);
    return at + 2;
  }

  private static int decimal(byte[] b, int at, long n) {
    int digits = 1;
    for (long v = n; v >= 10; v /= 10) {
      digits++;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      b[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
    return at + digits;
  }

  // One PubAck; an error in it, or a status (no responders), fails the run.
  private void readAck() throws IOException {
    RawConnection.Frame f = conn.next();
    String body = new String(f.payload(), StandardCharsets.UTF_8);
    if (f.headers() != null) {
      throw new IOException(
          "publish failed with status " + f.status() + " (e.g. no responders): " + body);
    }
    if (body.contains("\"error\"")) {
      throw new IOException("publish failed: " + body);
    }
  }

  @Override
  public void close() throws IOException {
    conn.close();
  }
}
