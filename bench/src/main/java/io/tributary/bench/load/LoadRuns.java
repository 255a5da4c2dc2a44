package io.tributary.bench.load;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Load runs with jnats against any NATS server: the same client code measures nats-server and our
 * node. Every run is bounded in messages and time and stops by itself.
 */
public final class LoadRuns {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private LoadRuns() {}

  /** Opens a client connection for a run: to a URL, possibly as a given user. */
  @FunctionalInterface
  public interface Connector {
    Connection connect() throws Exception;
  }

  /** A jnats connection as every load run opens it (no reconnects, 256 KiB buffer). */
  public static Connection connect(String url) throws Exception {
    return connect(url, null, null);
  }

  /** A jnats connection; with {@code jwt} and {@code seed}, authenticated as that user. */
  static Connection connect(String url, String jwt, String seed) throws Exception {
    Options.Builder b =
        new Options.Builder()
            .server(url)
            .maxReconnects(0)
            .connectionTimeout(Duration.ofSeconds(5))
            .bufferSize(256 * 1024);
    if (jwt != null) {
      b.authHandler(Nats.staticCredentials(jwt.toCharArray(), seed.toCharArray()));
    }
    return Nats.connect(b.build());
  }

  /**
   * One publisher, {@code subscribers} subscribers; rate = messages published per second until all
   * arrived.
   */
  public static LoadResult fanout(String url, int subscribers, long msgs, int size)
      throws Exception {
    return fanout(url, url, subscribers, msgs, size);
  }

  /**
   * {@link #fanout(String, int, long, int)} with the publisher connected to {@code publisherUrl}
   * and the subscribers to {@code subscriberUrl}: two nodes of a cluster, where the rate is what
   * arrives at the subscribers' node.
   */
  public static LoadResult fanout(
      String publisherUrl, String subscriberUrl, int subscribers, long msgs, int size)
      throws Exception {
    return fanout(
        () -> connect(publisherUrl), () -> connect(subscriberUrl), subscribers, msgs, size);
  }

  /**
   * {@link #fanout(String, int, long, int)} with the publisher's and subscribers' identities.
   * Before the measured messages, the publisher sends probes (one byte longer than the payload, not
   * counted) until every subscriber has received one: its interest has reached the publisher's
   * server, which on a cluster takes a route's round trip.
   */
  public static LoadResult fanout(
      Connector publisher, Connector subscriber, int subscribers, long msgs, int size)
      throws Exception {
    List<Connection> subs = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(subscribers);
    CountDownLatch ready = new CountDownLatch(subscribers);
    try (Connection pub = publisher.connect()) {
      for (int i = 0; i < subscribers; i++) {
        Connection c = subscriber.connect();
        subs.add(c);
        AtomicLong got = new AtomicLong();
        AtomicBoolean probed = new AtomicBoolean();
        Dispatcher d =
            c.createDispatcher(
                m -> {
                  if (m.getData().length != size) {
                    if (probed.compareAndSet(false, true)) {
                      ready.countDown();
                    }
                  } else if (got.incrementAndGet() == msgs) {
                    done.countDown();
                  }
                });
        d.setPendingLimits(-1, -1);
        d.subscribe("bench.fanout");
        c.flush(Duration.ofSeconds(5));
      }
      awaitInterest(pub, "bench.fanout", new byte[size + 1], ready);
      byte[] payload = new byte[size];
      long start = System.nanoTime();
      for (long i = 0; i < msgs; i++) {
        pub.publish("bench.fanout", payload);
      }
      pub.flush(TIMEOUT);
      if (!done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "subscribers did not receive all " + msgs + " messages in time");
      }
      double secs = (System.nanoTime() - start) / 1e9;
      return new LoadResult(
          subscribers == 1 ? "pubsub" : "fanout 1:" + subscribers,
          msgs / secs,
          0,
          0,
          msgs + " x " + size + " B");
    } finally {
      for (Connection c : subs) {
        c.close();
      }
    }
  }

  /**
   * Publishes {@code probe} to {@code subject} until {@code ready} opens (every subscriber has
   * received one), for up to 30 s.
   */
  static void awaitInterest(Connection pub, String subject, byte[] probe, CountDownLatch ready)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      pub.publish(subject, probe);
      pub.flush(Duration.ofSeconds(5));
      if (ready.await(20, TimeUnit.MILLISECONDS)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the subscribers' interest in " + subject + " did not reach the publisher's server");
      }
    }
  }

  /** Sequential requests to one responder; latency percentiles of the round trip. */
  public static LoadResult reqrep(String url, int requests, int size) throws Exception {
    return reqrep(url, url, requests, size);
  }

  /**
   * {@link #reqrep(String, int, int)} with the responder connected to {@code responderUrl} and the
   * requester to {@code requesterUrl} (two nodes of a cluster: each request and each reply crosses
   * a route). The requester retries a first request until one is answered (the responder's interest
   * has reached its server) before the warm-up.
   */
  public static LoadResult reqrep(String responderUrl, String requesterUrl, int requests, int size)
      throws Exception {
    try (Connection responder = connect(responderUrl);
        Connection requester = connect(requesterUrl)) {
      Dispatcher d =
          responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
      d.subscribe("bench.svc");
      responder.flush(Duration.ofSeconds(5));
      byte[] payload = new byte[size];
      awaitResponder(requester, payload);
      for (int i = 0; i < Math.min(2000, requests); i++) {
        requester.request("bench.svc", payload, Duration.ofSeconds(5)); // warm-up
      }
      long[] lat = new long[requests];
      long start = System.nanoTime();
      for (int i = 0; i < requests; i++) {
        long t = System.nanoTime();
        if (requester.request("bench.svc", payload, Duration.ofSeconds(5)) == null) {
          throw new IllegalStateException("request " + i + " got no reply");
        }
        lat[i] = System.nanoTime() - t;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(lat);
      return new LoadResult(
          "reqrep",
          requests / secs,
          lat[requests / 2] / 1e3,
          lat[(int) (requests * 0.99)] / 1e3,
          requests + " requests");
    }
  }

  // Requests until one is answered (no responders or a timeout while the interest travels), 30 s.
  private static void awaitResponder(Connection requester, byte[] payload) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (requester.request("bench.svc", payload, Duration.ofSeconds(1)) != null) {
          return;
        }
      } catch (RuntimeException noResponders) {
        // jnats fails a request the server reports no responders for: retry
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the responder's interest did not reach the requester's");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Opens {@code n} connections from {@code parallel} threads; connect rate and connect-time
   * percentiles.
   */
  public static LoadResult conns(String url, int n, int parallel) throws Exception {
    return conns(i -> connect(url), n, parallel);
  }

  /** Opens connection {@code i} of a {@link #conns} run. */
  @FunctionalInterface
  public interface IndexedConnector {
    AutoCloseable connect(int i) throws Exception;
  }

  /**
   * {@link #conns(String, int, int)} where connection {@code i} is opened by {@code connector}; all
   * stay open until the run ends.
   */
  public static LoadResult conns(IndexedConnector connector, int n, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<AutoCloseable> open = java.util.Collections.synchronizedList(new ArrayList<>());
    long[] lat = new long[n];
    try {
      List<Future<?>> fs = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int idx = i;
        fs.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  open.add(connector.connect(idx));
                  lat[idx] = System.nanoTime() - t;
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(lat);
      return new LoadResult(
          "conns", n / secs, lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, n + " connections");
    } finally {
      pool.shutdownNow();
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /**
   * A subscriber that never reads while {@code totalBytes} are published at it: the server must cut
   * it off as a slow consumer and keep its memory bounded. The note says whether the stalled
   * subscriber was disconnected.
   */
  public static LoadResult slowConsumer(String url, long totalBytes) throws Exception {
    URI u = URI.create(url);
    int size = 64 * 1024;
    long msgs = totalBytes / size;
    try (Socket stalled = new Socket(u.getHost(), u.getPort());
        Connection pub = connect(url)) {
      stalled.setReceiveBufferSize(8192);
      InputStream in = stalled.getInputStream();
      OutputStream out = stalled.getOutputStream();
      in.read(new byte[8192]);
      out.write(
          "CONNECT {\"verbose\":false}\r\nSUB bench.slow 1\r\nPING\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      byte[] payload = new byte[size];
      long start = System.nanoTime();
      for (long i = 0; i < msgs; i++) {
        pub.publish("bench.slow", payload);
        if (i % 256 == 255) {
          pub.flush(TIMEOUT); // keep jnats's own outgoing queue bounded
        }
      }
      pub.flush(TIMEOUT);
      double secs = (System.nanoTime() - start) / 1e9;
      boolean cut = disconnected(stalled);
      return new LoadResult(
          "slow consumer",
          msgs / secs,
          0,
          0,
          (totalBytes >> 20) + " MB published; stalled reader cut off: " + cut);
    }
  }

  // Drains what the server had queued for the stalled socket; true if the server closed it.
  private static boolean disconnected(Socket s) {
    try {
      s.setSoTimeout(5000);
      byte[] buf = new byte[1 << 20];
      InputStream in = s.getInputStream();
      while (in.read(buf) >= 0) {
        // keep reading until EOF (closed) or timeout (still open)
      }
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (java.io.IOException reset) {
      return true;
    }
  }
}
