package io.tributary.bench.js;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.bench.load.LoadRuns;
import io.tributary.bench.load.SideBySide.Target;
import io.tributary.bench.measure.ProcStats;

/**
 * Many small streams, as a node holding many tenants' Key/Value buckets has: a fresh server, N file
 * streams created one after another, one acknowledged publish into each, then the server's resident
 * memory and thread count. Each stream costs what it holds plus a fixed overhead; this measures the
 * overhead.
 */
final class ManyStreams {
  /**
   * One run.
   *
   * @param createSeconds creating the streams, one request at a time
   * @param publishSeconds one synchronous publish into each
   * @param rssBytes the server's resident memory afterwards
   * @param idleRssBytes its resident memory before the first stream
   * @param threads the server's threads afterwards
   */
  record Result(
      double createSeconds, double publishSeconds, long rssBytes, long idleRssBytes, int threads) {}

  private ManyStreams() {}

  static Result run(
      Side side, Path repoRoot, Path storeDir, Path log, List<String> nodeArgs, int streams)
      throws Exception {
    Target t = side.start(repoRoot, storeDir, log, nodeArgs);
    try (Connection c = LoadRuns.connect(t.url())) {
      long pid = t.process().pid();
      long idle = ProcStats.rssBytes(pid);
      JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
      long t0 = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        jsm.addStream(
            StreamConfiguration.builder()
                .name("many-" + i)
                .subjects("many." + i)
                .storageType(StorageType.File)
                .replicas(1)
                .build());
      }
      long t1 = System.nanoTime();
      JetStream js = c.jetStream(JsPublish.options());
      for (int i = 0; i < streams; i++) {
        js.publish("many." + i, new byte[128]);
      }
      long t2 = System.nanoTime();
      return new Result(
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, ProcStats.rssBytes(pid), idle, ProcStats.threads(pid));
    } finally {
      t.process().destroy();
      t.process().waitFor(10, TimeUnit.SECONDS);
      t.process().destroyForcibly();
    }
  }
}
