package io.tributary.bench.js;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.tributary.bench.load.LoadRuns;
import io.tributary.bench.load.SideBySide.Target;
import io.tributary.bench.measure.ProcStats;

/**
 * Recovery after a crash: a fresh server on an empty store directory, N messages published into a
 * file stream (async, acknowledged), {@code kill -9}, and a new server process on the same
 * directory, timed until {@code STREAM.INFO} answers with all N messages; then the first and the
 * last message are read back.
 */
final class Recovery {
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  /**
   * One recovery.
   *
   * @param emptyStartSeconds the first start, on an empty store, until the port accepted
   * @param portSeconds the restart until the port accepted
   * @param readySeconds the restart until stream info showed every message
   * @param storeBytes the store directory's size when killed
   * @param rssBytes the restarted server's resident memory once recovered
   */
  record Result(
      double emptyStartSeconds,
      double portSeconds,
      double readySeconds,
      long storeBytes,
      long rssBytes) {}

  private Recovery() {}

  static Result run(
      Side side,
      Path repoRoot,
      Path storeDir,
      Path log,
      List<String> nodeArgs,
      long msgs,
      int size,
      int window)
      throws Exception {
    long t0 = System.nanoTime();
    Target first = side.start(repoRoot, storeDir, log, nodeArgs);
    double emptyStart = (System.nanoTime() - t0) / 1e9;
    Target second = null;
    try {
      JsPublish.createStream(first.url(), StorageType.File);
      JsPublish.async(
          JsPublish.Client.JNATS, first.url(), first.process().pid(), 1, msgs, size, window);
      kill9(first.process());
      long storeBytes = treeBytes(storeDir);
      long r0 = System.nanoTime();
      second = side.launch(repoRoot, storeDir, log, nodeArgs);
      awaitPort(second, r0);
      double port = (System.nanoTime() - r0) / 1e9;
      awaitAll(second.url(), msgs, r0);
      double ready = (System.nanoTime() - r0) / 1e9;
      long rss = ProcStats.rssBytes(second.process().pid());
      checkEnds(second.url(), msgs, size);
      return new Result(emptyStart, port, ready, storeBytes, rss);
    } finally {
      first.process().destroyForcibly();
      if (second != null) {
        second.process().destroy();
        second.process().waitFor(10, TimeUnit.SECONDS);
        second.process().destroyForcibly();
      }
    }
  }

  // SIGKILL to the server and anything it started; returns once it is gone.
  private static void kill9(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + p.pid() + " survived kill -9");
    }
  }

  private static void awaitPort(Target t, long since) throws Exception {
    int port = URI.create(t.url()).getPort();
    while (true) {
      check(t, since);
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(10);
      }
    }
  }

  // Until STREAM.INFO answers with every message; anything before that (no JetStream yet, stream
  // not found, fewer messages, a timeout) means "not yet"; an I/O error means connect again.
  private static void awaitAll(String url, long msgs, long since) throws Exception {
    long seen = -1;
    Exception last = null;
    while (System.nanoTime() - since < DEADLINE.toNanos()) {
      try (Connection c = LoadRuns.connect(url)) {
        JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
        while (System.nanoTime() - since < DEADLINE.toNanos()) {
          try {
            seen = JsPublish.storedMessages(jsm);
          } catch (JetStreamApiException notYet) {
            last = notYet;
          }
          if (seen == msgs) {
            return;
          }
          if (seen > msgs) {
            throw new IllegalStateException("recovered " + seen + " messages of " + msgs);
          }
          Thread.sleep(10);
        }
      } catch (IOException reconnect) {
        last = reconnect;
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException(
        "stream not recovered in " + DEADLINE + ": last saw " + seen + " of " + msgs, last);
  }

  // The count alone could come from saved state: read the first and the last message back.
  private static void checkEnds(String url, long msgs, int size) throws Exception {
    try (Connection c = LoadRuns.connect(url)) {
      JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
      for (long seq : new long[] {1, msgs}) {
        MessageInfo m = jsm.getMessage(JsPublish.STREAM, seq);
        if (m.getSeq() != seq || m.getData() == null || m.getData().length != size) {
          throw new IllegalStateException(
              "message " + seq + " did not survive the recovery intact");
        }
      }
    }
  }

  private static void check(Target t, long since) {
    if (!t.process().isAlive()) {
      throw new IllegalStateException("restarted server exited with " + t.process().exitValue());
    }
    if (System.nanoTime() - since > DEADLINE.toNanos()) {
      throw new IllegalStateException("restarted server did not listen in " + DEADLINE);
    }
  }

  static long treeBytes(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
