package io.tributary.bench.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.nats.client.api.StorageType;
import io.tributary.bench.load.SideBySide;
import io.tributary.bench.load.SideBySide.Target;
import io.tributary.bench.measure.CpuMeter;
import io.tributary.bench.measure.ProcStats;

/**
 * {@code tributary bench js}: JetStream publishing on our node and on Debian's nats-server, in one
 * run, printed as one table. Both servers run as their own processes, each with JetStream on its
 * own store directory under {@code --dir} (the real disk), and stay up for the publish cases; each
 * case runs {@code rounds} times alternating ours, theirs, ours, … on a stream created for the run
 * and deleted after it, and each cell is that server's median. Recovery starts fresh processes,
 * since it kills them.
 */
public final class JsBench {
  /**
   * What to run.
   *
   * @param msgs messages per async case
   * @param syncMsgs messages per sync case
   * @param size payload bytes
   * @param window unacknowledged async publishes per publisher
   * @param rounds runs per case and server; each figure is their median
   * @param only {@code ours}, {@code theirs}, or null for both
   * @param cases {@link JsCase#parse} list
   * @param strace count fsync/fdatasync calls of each server during one async run
   * @param recoveryMsgs messages in the stream when the server is killed
   * @param consumeMsgs messages in the stream for the consumer cases
   * @param objectMb size of the Object Store case's object
   * @param streams streams in the many-streams case
   * @param dir where the store directories go (a real disk, not tmpfs)
   * @param kafka also run a Kafka broker ({@code acks=all}, {@code flush.messages=1}) through the
   *     async and sync publish cases, as a column after the ratio
   * @param kafkaBatchSize the Kafka producers' {@code batch.size}
   * @param warmupSeconds unrecorded publishing per server before the first case
   * @param client who publishes in the publish cases: {@code jnats} or {@code raw} ({@link
   *     RawPublisher})
   */
  public record Settings(
      long msgs,
      long syncMsgs,
      int size,
      int window,
      int rounds,
      String only,
      String cases,
      boolean strace,
      long recoveryMsgs,
      long consumeMsgs,
      int objectMb,
      int streams,
      List<String> nodeArgs,
      Path dir,
      boolean kafka,
      int kafkaBatchSize,
      int warmupSeconds,
      String client) {}

  /** One async publish case, or one sync publish case. */
  private interface Run {
    JsPublish.Result run(String url, long serverPid) throws Exception;
  }

  /** The same case on the Kafka broker. */
  private interface KafkaRun {
    KafkaPublish.Result run(KafkaBroker broker) throws Exception;
  }

  private static final int DISK_PROBES = 2_000;
  // Cases that start servers of their own rather than use the ones the publish cases share.
  private static final EnumSet<JsCase> FRESH_SERVERS = EnumSet.of(JsCase.RECOVERY, JsCase.STREAMS);

  private final Path repoRoot;
  private final Settings s;
  private final List<Side> sides;
  private final EnumSet<JsCase> cases;
  private final JsPublish.Client client;
  private final JsTable table = new JsTable();
  private final Path scratch;
  private KafkaBroker kafka;

  private JsBench(Path repoRoot, Settings s) throws IOException {
    this.repoRoot = repoRoot;
    this.s = s;
    this.sides = sides(s.only());
    this.cases = JsCase.parse(s.cases());
    this.client = JsPublish.Client.parse(s.client());
    Files.createDirectories(s.dir());
    this.scratch = Files.createTempDirectory(s.dir(), "js-bench");
  }

  public static void main(Path repoRoot, Settings s) throws Exception {
    JsBench bench = new JsBench(repoRoot, s);
    try {
      bench.runAll();
    } finally {
      deleteTree(bench.scratch);
    }
    System.out.printf(
        Locale.ROOT,
        "JetStream publish, %d B messages, R1, stores under %s; %,d msgs per async case, %,d per"
            + " sync case; median of %d rounds (ours, theirs%s alternating); publishers: %s;"
            + " %d cores shared by client and servers%n",
        s.size(),
        s.dir().toAbsolutePath().normalize(),
        s.msgs(),
        s.syncMsgs(),
        s.rounds(),
        s.kafka() ? ", Kafka" : "",
        bench.client == JsPublish.Client.RAW
            ? "the bench's own protocol client (--client raw)"
            : "jnats",
        Runtime.getRuntime().availableProcessors());
    if (s.kafka()) {
      System.out.printf(
          Locale.ROOT,
          "Kafka %s: one KRaft node (broker+controller, JVM %s), log.flush.interval.messages=1;"
              + " topic of 1 partition, R1, per run; producers acks=all, idempotent,"
              + " max.in.flight.requests.per.connection=5, linger.ms=0, batch.size=%d, one"
              + " KafkaProducer per publisher, the same window of unacknowledged sends%n",
          KafkaBroker.VERSION,
          String.join(" ", KafkaBroker.JVM_FLAGS),
          s.kafkaBatchSize());
    }
    System.out.println();
    bench.table.print(System.out);
  }

  private static List<Side> sides(String only) {
    if (only == null || only.isEmpty()) {
      return List.of(Side.OURS, Side.THEIRS);
    }
    if (only.equals("kafka")) {
      return List.of(); // with --kafka: Kafka alone
    }
    for (Side side : Side.values()) {
      if (side.cliName.equals(only)) {
        return List.of(side);
      }
    }
    throw new IllegalArgumentException(
        "--only takes 'ours', 'theirs' or 'kafka', not '" + only + "'");
  }

  private void runAll() throws Exception {
    // The disk first, while nothing else runs.
    DiskSync.Latency disk =
        cases.contains(JsCase.DISK) ? DiskSync.measure(scratch, s.size(), DISK_PROBES) : null;
    if (cases.stream().anyMatch(c -> !FRESH_SERVERS.contains(c) && c != JsCase.DISK)
        || s.strace()) {
      publishCases(disk);
    } else if (disk != null) {
      diskRows(disk, Map.of());
    }
    if (cases.contains(JsCase.RECOVERY)) {
      recovery();
    }
    if (cases.contains(JsCase.STREAMS)) {
      manyStreams();
    }
  }

  private void manyStreams() throws Exception {
    Map<Side, List<ManyStreams.Result>> results =
        freshRounds(
            "streams",
            (side, dir, log) ->
                ManyStreams.run(side, repoRoot, dir, log, s.nodeArgs(), s.streams()),
            r ->
                String.format(
                    Locale.ROOT,
                    "%,d streams: created in %.2f s, one publish each in %.2f s; RSS %d MB (idle %d"
                        + " MB), %d threads",
                    s.streams(),
                    r.createSeconds(),
                    r.publishSeconds(),
                    r.rssBytes() >> 20,
                    r.idleRssBytes() >> 20,
                    r.threads()));
    String n = SideBySide.num(s.streams());
    seconds(
        n + " file streams, created one at a time (s)",
        JsTable.medians(results, ManyStreams.Result::createSeconds));
    seconds(
        "↳ one synchronous publish into each (s)",
        JsTable.medians(results, ManyStreams.Result::publishSeconds));
    table.figures("↳ RSS with them (MB)", JsTable.medians(results, r -> r.rssBytes() / 1048576.0));
    table.figures(
        "↳ RSS a stream over the idle server's (KB)",
        JsTable.medians(results, r -> (r.rssBytes() - r.idleRssBytes()) / 1024.0 / s.streams()));
    table.figures("↳ threads with them", JsTable.medians(results, r -> (double) r.threads()));
  }

  private void publishCases(DiskSync.Latency disk) throws Exception {
    Map<Side, Target> targets = new EnumMap<>(Side.class);
    try {
      if (s.kafka()) {
        kafka =
            KafkaBroker.start(
                repoRoot,
                Files.createDirectories(scratch.resolve("kafka")),
                scratch.resolve("kafka.log"));
        table.kafkaColumn("Kafka " + KafkaBroker.VERSION + " (acks=all, flush.messages=1)");
      }
      for (Side side : sides) {
        targets.put(
            side,
            side.start(
                repoRoot,
                Files.createDirectories(scratch.resolve(side.cliName)),
                scratch.resolve(side.cliName + ".log"),
                s.nodeArgs()));
      }
      List<Long> pids =
          new ArrayList<>(targets.values().stream().map(t -> t.process().pid()).toList());
      if (kafka != null) {
        pids.add(kafka.pid());
      }
      try (ProcStats.RssPeak rss = new ProcStats.RssPeak(pids)) {
        warmUp(targets);
        String window = "window " + SideBySide.num(s.window());
        Map<Side, Double> sync1 = Map.of();
        for (JsCase c : cases) {
          switch (c) {
            case ASYNC1 ->
                rate(
                    targets,
                    "async publish, " + window + ", 1 publisher, file",
                    StorageType.File,
                    (u, pid) -> JsPublish.async(client, u, pid, 1, s.msgs(), s.size(), s.window()),
                    b ->
                        KafkaPublish.async(
                            b, 1, s.msgs(), s.size(), s.window(), s.kafkaBatchSize()));
            case ASYNC4 ->
                rate(
                    targets,
                    "async publish, " + window + " each, 4 publishers, file",
                    StorageType.File,
                    (u, pid) -> JsPublish.async(client, u, pid, 4, s.msgs(), s.size(), s.window()),
                    b ->
                        KafkaPublish.async(
                            b, 4, s.msgs(), s.size(), s.window(), s.kafkaBatchSize()));
            case SYNC1 ->
                sync1 =
                    latency(
                        targets,
                        "sync publish, 1 publisher, file",
                        (u, pid) -> JsPublish.sync(client, u, pid, 1, s.syncMsgs(), s.size()),
                        b -> KafkaPublish.sync(b, 1, s.syncMsgs(), s.size(), s.kafkaBatchSize()));
            case SYNC16 ->
                latency(
                    targets,
                    "sync publish, 16 publishers, file",
                    (u, pid) -> JsPublish.sync(client, u, pid, 16, s.syncMsgs(), s.size()),
                    b -> KafkaPublish.sync(b, 16, s.syncMsgs(), s.size(), s.kafkaBatchSize()));
            case DISK -> diskRows(disk, sync1);
            case MEMORY ->
                rate(
                    targets,
                    "async publish, " + window + ", 1 publisher, memory",
                    StorageType.Memory,
                    (u, pid) -> JsPublish.async(client, u, pid, 1, s.msgs(), s.size(), s.window()),
                    null);
            case RECOVERY, STREAMS -> {} // below, on fresh processes
            default -> consumerCase(targets, c);
          }
        }
        if (s.strace()) {
          strace(targets);
        }
        Map<Side, Double> peak = new EnumMap<>(Side.class);
        targets.forEach((side, t) -> peak.put(side, rss.peakBytes(t.process().pid()) / 1048576.0));
        table.figures(
            "peak RSS during the runs above (MB, VmRSS every 50 ms)",
            peak,
            kafka == null ? null : rss.peakBytes(kafka.pid()) / 1048576.0);
      }
    } finally {
      SideBySide.stop(new ArrayList<>(targets.values()));
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  // Unrecorded runs per server, so that the client's JIT is warm for the first round whichever
  // server it meets first, and a JVM server's JIT has compiled its publish path (a long-running
  // server's state; measuring its first seconds would measure the compiler): runs of 300,000
  // messages for at least --warmup seconds. On two busy cores our node still got faster for about
  // seven runs of 200,000 messages (295k -> 600k msgs/s) after a warm-up of one such run.
  private void warmUp(Map<Side, Target> targets) throws Exception {
    long msgs = Math.max(300_000, s.msgs() / 10);
    for (Side side : sides) {
      Target t = targets.get(side);
      long until = System.nanoTime() + s.warmupSeconds() * 1_000_000_000L;
      do {
        once(
            t,
            StorageType.File,
            (u, pid) -> JsPublish.async(client, u, pid, 1, msgs, s.size(), s.window()),
            side.label + " warm-up");
      } while (System.nanoTime() < until);
    }
    if (kafka != null) {
      JsPublish.Result r =
          KafkaPublish.async(kafka, 1, msgs, s.size(), s.window(), s.kafkaBatchSize()).publish();
      System.err.printf(
          Locale.ROOT, "Kafka warm-up: %,.0f msgs/s; %s%n", r.msgsPerSecond(), r.cpu().describe());
    }
  }

  // ---- consumers, Key/Value, Object Store ----

  /** What one consumer run measures, on a stream or bucket prepared for it. */
  private interface ConsumeRun {
    JsConsume.Result run(String url, long pid) throws Exception;
  }

  private static final int KV_KEYS = 1_000;
  private static final int KV_WATCH_KEYS = 100_000;

  private boolean consumersWarm;

  // Unrecorded consumes per server (for at least --warmup seconds) before the first consumer case,
  // for the same reason as the publish warm-up: a JVM server's consumer paths compiled, the
  // client's too.
  private void warmUpConsumers(Map<Side, Target> targets) throws Exception {
    long msgs = Math.min(200_000, s.consumeMsgs());
    for (Side side : sides) {
      Target t = targets.get(side);
      long until = System.nanoTime() + s.warmupSeconds() * 1_000_000_000L;
      int passes = 0;
      do {
        JsPublish.createStream(t.url(), StorageType.File);
        JsConsume.fill(t.url(), msgs, s.size(), 1);
        if (client == JsPublish.Client.RAW) {
          RawConsumer.explicitAcks(t.url(), t.process().pid(), msgs);
          RawConsumer.orderedReplay(t.url(), t.process().pid(), msgs);
        } else {
          JsConsume.explicitAcks(t.url(), t.process().pid(), msgs);
          JsConsume.orderedReplay(t.url(), t.process().pid(), msgs);
        }
        JsPublish.deleteStream(t.url());
        passes++;
      } while (System.nanoTime() < until);
      System.err.printf(Locale.ROOT, "%s consumer warm-up done (%d passes)%n", side.label, passes);
    }
    consumersWarm = true;
  }

  private void consumerCase(Map<Side, Target> targets, JsCase c) throws Exception {
    if (!consumersWarm) {
      warmUpConsumers(targets);
    }
    long n = s.consumeMsgs();
    String msgs = SideBySide.num(n) + " msgs of " + s.size() + " B";
    switch (c) {
      case CONSUME ->
          consumeRate(
              targets,
              "consume, pull, batch 500, explicit acks, " + msgs + " (msgs/s)",
              1,
              (u, pid) ->
                  client == JsPublish.Client.RAW
                      ? RawConsumer.explicitAcks(u, pid, n)
                      : JsConsume.explicitAcks(u, pid, n));
      case ORDERED ->
          consumeRate(
              targets,
              "ordered consumer replay, " + msgs + " (msgs/s)",
              1,
              (u, pid) ->
                  client == JsPublish.Client.RAW
                      ? RawConsumer.orderedReplay(u, pid, n)
                      : JsConsume.orderedReplay(u, pid, n));
      case FILTERS -> {
        Map<Side, Double> none =
            consumeRate(
                targets,
                "filters: consume without filter, " + msgs + " over 100 subjects (msgs/s)",
                100,
                (u, pid) -> JsConsume.filtered(u, pid, n, List.of()));
        Map<Side, Double> all =
            consumeRate(
                targets,
                "↳ with a filter matching every subject, bench.> (msgs/s)",
                100,
                (u, pid) -> JsConsume.filtered(u, pid, n, List.of("bench.>")));
        // Several filters per consumer came with nats-server 2.10; the reference is 2.9.
        Map<Side, Double> hundred =
            consumeRate(
                targets,
                "↳ with 100 filter subjects (msgs/s; nats-server 2.9 has no multiple filters)",
                100,
                (u, pid) -> JsConsume.filtered(u, pid, n, JsConsume.hundredFilters()),
                sides.contains(Side.OURS) ? List.of(Side.OURS) : List.of());
        relative("↳ filter matching everything / no filter", all, none);
        relative("↳ 100 filters / no filter", hundred, none);
      }
      case REDELIVERY ->
          consumeRate(
              targets,
              "redelivery: explicit acks, every 10th message NAKed once, "
                  + msgs
                  + "; deliveries checked exact (msgs/s)",
              1,
              (u, pid) -> JsConsume.redelivery(u, pid, n));
      case KV -> {
        long puts = Math.max(1_000, s.syncMsgs());
        bucketRate(
            targets,
            "KV put, one at a time (each durable), " + SideBySide.num(puts) + " puts (puts/s)",
            false,
            (u, pid) -> JsConsume.kvPut(u, pid, puts, KV_KEYS, s.size()));
        bucketRate(
            targets,
            "KV get, one at a time, " + SideBySide.num(puts) + " gets (gets/s)",
            true,
            (u, pid) -> JsConsume.kvGet(u, pid, puts, KV_KEYS));
      }
      case KVWATCH -> {
        Map<Side, List<JsConsume.Result>> r = new EnumMap<>(Side.class);
        for (int round = 0; round < s.rounds(); round++) {
          for (Side side : sides) {
            Target t = targets.get(side);
            JsConsume.createBucket(t.url());
            JsConsume.kvFill(t.url(), KV_WATCH_KEYS, s.size());
            r.computeIfAbsent(side, k -> new ArrayList<>())
                .add(JsConsume.kvWatch(t.url(), t.process().pid(), KV_WATCH_KEYS));
            JsConsume.deleteBucket(t.url());
          }
        }
        Map<Side, Double> seconds = JsTable.medians(r, JsConsume.Result::rate);
        seconds(
            "KV watch of "
                + SideBySide.num(KV_WATCH_KEYS)
                + " keys: time to end of initial data (s)",
            seconds);
      }
      case OBJECTS -> {
        // In the client's heap: one object, written and read back by the client.
        byte[] object = new byte[Math.toIntExact((long) s.objectMb() << 20)];
        new java.util.Random(1).nextBytes(object);
        Map<Side, List<JsConsume.Result>> put = new EnumMap<>(Side.class);
        Map<Side, List<JsConsume.Result>> get = new EnumMap<>(Side.class);
        for (int round = 0; round < s.rounds(); round++) {
          for (Side side : sides) {
            Target t = targets.get(side);
            JsConsume.createObjectBucket(t.url());
            put.computeIfAbsent(side, k -> new ArrayList<>())
                .add(JsConsume.objectPut(t.url(), t.process().pid(), object));
            get.computeIfAbsent(side, k -> new ArrayList<>())
                .add(JsConsume.objectGet(t.url(), t.process().pid(), object.length));
            JsConsume.deleteObjectBucket(t.url());
          }
        }
        table.figures(
            "Object Store put of a " + s.objectMb() + " MB object (MB/s)",
            JsTable.medians(put, JsConsume.Result::rate));
        table.figures(
            "Object Store get of it, digest checked (MB/s)",
            JsTable.medians(get, JsConsume.Result::rate));
      }
      default -> throw new IllegalArgumentException("not a consumer case: " + c);
    }
  }

  // A stream filled with the case's messages (not timed) for each run; returns the median rates.
  private Map<Side, Double> consumeRate(
      Map<Side, Target> targets, String label, int subjects, ConsumeRun run) throws Exception {
    return consumeRate(targets, label, subjects, run, sides);
  }

  private Map<Side, Double> consumeRate(
      Map<Side, Target> targets, String label, int subjects, ConsumeRun run, List<Side> on)
      throws Exception {
    Map<Side, List<JsConsume.Result>> r = new EnumMap<>(Side.class);
    for (int round = 0; round < s.rounds(); round++) {
      for (Side side : on) {
        Target t = targets.get(side);
        JsPublish.createStream(t.url(), StorageType.File);
        JsConsume.fill(t.url(), s.consumeMsgs(), s.size(), subjects);
        JsConsume.Result one = run.run(t.url(), t.process().pid());
        JsPublish.deleteStream(t.url());
        System.err.printf(
            Locale.ROOT, "%s %s: %,.0f; %s%n", side.label, label, one.rate(), one.cpu().describe());
        r.computeIfAbsent(side, k -> new ArrayList<>()).add(one);
      }
    }
    Map<Side, Double> rates = JsTable.medians(r, JsConsume.Result::rate);
    table.figures(label, rates);
    return rates;
  }

  // A Key/Value bucket for each run; `filled` puts its keys first (not timed).
  private void bucketRate(Map<Side, Target> targets, String label, boolean filled, ConsumeRun run)
      throws Exception {
    Map<Side, List<JsConsume.Result>> r = new EnumMap<>(Side.class);
    for (int round = 0; round < s.rounds(); round++) {
      for (Side side : sides) {
        Target t = targets.get(side);
        JsConsume.createBucket(t.url());
        if (filled) {
          JsConsume.kvFill(t.url(), KV_KEYS, s.size());
        }
        JsConsume.Result one = run.run(t.url(), t.process().pid());
        JsConsume.deleteBucket(t.url());
        System.err.printf(
            Locale.ROOT, "%s %s: %,.0f; %s%n", side.label, label, one.rate(), one.cpu().describe());
        r.computeIfAbsent(side, k -> new ArrayList<>()).add(one);
      }
    }
    table.figures(label, JsTable.medians(r, JsConsume.Result::rate));
  }

  // One server's rate against its own rate of another row, e.g. filtered / unfiltered.
  private void relative(String label, Map<Side, Double> rates, Map<Side, Double> base) {
    Map<Side, Double> ratio = new EnumMap<>(Side.class);
    rates.forEach((side, v) -> ratio.put(side, v / base.get(side)));
    if (ratio.isEmpty()) {
      return;
    }
    table.cells(label, ratio, v -> String.format(Locale.ROOT, "%.2f", v), "—");
  }

  // Each round runs every server once, in the same order: ours, theirs, then Kafka (when it runs
  // and `kafkaRun` is not null; its results go to `kafkaResults`).
  private Map<Side, List<JsPublish.Result>> rounds(
      Map<Side, Target> targets,
      String label,
      StorageType storage,
      Run run,
      KafkaRun kafkaRun,
      List<KafkaPublish.Result> kafkaResults)
      throws Exception {
    Map<Side, List<JsPublish.Result>> results = new EnumMap<>(Side.class);
    for (int round = 0; round < s.rounds(); round++) {
      for (Side side : sides) {
        results
            .computeIfAbsent(side, k -> new ArrayList<>())
            .add(once(targets.get(side), storage, run, side.label + " " + label));
      }
      if (kafka != null && kafkaRun != null) {
        KafkaPublish.Result r = kafkaRun.run(kafka);
        log(
            String.format(
                Locale.ROOT,
                "Kafka %s (%.1f records per produce request)",
                label,
                r.recordsPerRequest()),
            r.publish());
        kafkaResults.add(r);
      }
    }
    return results;
  }

  private static void log(String label, JsPublish.Result r) {
    System.err.printf(
        Locale.ROOT,
        "%s: %,.0f msgs/s%s; %s%n",
        label,
        r.msgsPerSecond(),
        r.p50Micros() == 0
            ? ""
            : String.format(
                Locale.ROOT, ", ack p50 %.0f µs p99 %.0f µs", r.p50Micros(), r.p99Micros()),
        r.cpu().describe());
  }

  // The median of f over Kafka's runs, or null when it did not run.
  private static Double kafkaMedian(
      List<KafkaPublish.Result> runs, java.util.function.ToDoubleFunction<JsPublish.Result> f) {
    if (runs.isEmpty()) {
      return null;
    }
    double[] v = runs.stream().map(KafkaPublish.Result::publish).mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  // A stream for this run only: created, published into, checked, deleted.
  private static JsPublish.Result once(Target t, StorageType storage, Run run, String label)
      throws Exception {
    JsPublish.createStream(t.url(), storage);
    JsPublish.Result r = run.run(t.url(), t.process().pid());
    long stored = JsPublish.storedMessages(t.url());
    if (stored != r.acked()) {
      throw new IllegalStateException(
          label + ": the stream holds " + stored + " messages, " + r.acked() + " were acked");
    }
    JsPublish.deleteStream(t.url());
    log(label, r);
    return r;
  }

  private void rate(
      Map<Side, Target> targets, String label, StorageType storage, Run run, KafkaRun kafkaRun)
      throws Exception {
    List<KafkaPublish.Result> k = new ArrayList<>();
    Map<Side, List<JsPublish.Result>> r = rounds(targets, label, storage, run, kafkaRun, k);
    figures(label + " (msgs/s)", r, k, JsPublish.Result::msgsPerSecond);
    cpu(label, r, k);
  }

  // A row of the medians of f, Kafka's among them when it ran; returns the servers' medians.
  private Map<Side, Double> figures(
      String row,
      Map<Side, List<JsPublish.Result>> r,
      List<KafkaPublish.Result> k,
      java.util.function.ToDoubleFunction<JsPublish.Result> f) {
    Map<Side, Double> medians = JsTable.medians(r, f);
    table.figures(row, medians, kafkaMedian(k, f));
    return medians;
  }

  // The CPU row, and Kafka's messages per produce request when it ran.
  private void cpu(String label, Map<Side, List<JsPublish.Result>> r, List<KafkaPublish.Result> k) {
    table.cpu(label, usages(r), k.isEmpty() ? null : cpus(k));
    recordsPerRequest(label, k);
  }

  // Kafka only: how many messages one produce request (one appended batch, one log flush) carried.
  private void recordsPerRequest(String label, List<KafkaPublish.Result> k) {
    if (k.isEmpty()) {
      return;
    }
    double[] v = k.stream().mapToDouble(KafkaPublish.Result::recordsPerRequest).sorted().toArray();
    table.cells(
        "↳ Kafka: messages per produce request, i.e. per log flush (producer metric)",
        Map.<Side, String>of(),
        x -> x,
        "—",
        String.format(Locale.ROOT, "%.1f", v[v.length / 2]));
  }

  // Returns the median rates.
  private Map<Side, Double> latency(
      Map<Side, Target> targets, String label, Run run, KafkaRun kafkaRun) throws Exception {
    List<KafkaPublish.Result> k = new ArrayList<>();
    Map<Side, List<JsPublish.Result>> r =
        rounds(targets, label, StorageType.File, run, kafkaRun, k);
    Map<Side, Double> rates = figures(label + " (msgs/s)", r, k, JsPublish.Result::msgsPerSecond);
    figures(label + ": ack p50 (µs)", r, k, JsPublish.Result::p50Micros);
    figures(label + ": ack p99 (µs)", r, k, JsPublish.Result::p99Micros);
    cpu(label, r, k);
    if (label.contains("1 publisher")) {
      kafkaSync1 = kafkaMedian(k, JsPublish.Result::msgsPerSecond);
    }
    return rates;
  }

  private Double kafkaSync1;

  private static List<CpuMeter.Usage> cpus(List<KafkaPublish.Result> runs) {
    return runs.stream().map(r -> r.publish().cpu()).toList();
  }

  private static Map<Side, List<CpuMeter.Usage>> usages(Map<Side, List<JsPublish.Result>> r) {
    Map<Side, List<CpuMeter.Usage>> u = new EnumMap<>(Side.class);
    r.forEach((side, runs) -> u.put(side, runs.stream().map(JsPublish.Result::cpu).toList()));
    return u;
  }

  // With the sync publisher's rates: one publisher has one message in flight, so no group commit
  // can share a sync between acks; faster than one sync per ack means acks do not wait for one.
  private void diskRows(DiskSync.Latency disk, Map<Side, Double> sync1) {
    Map<Side, DiskSync.Latency> same = new EnumMap<>(Side.class);
    sides.forEach(side -> same.put(side, disk));
    String latency = String.format(Locale.ROOT, "%.0f / %.0f", disk.p50Micros(), disk.p99Micros());
    String ceilingCell = SideBySide.num(1e6 / disk.p50Micros());
    table.cells(
        "disk: append " + s.size() + " B + fdatasync on the store's disk, p50 / p99 (µs)",
        same,
        d -> latency,
        "same disk",
        kafka == null ? "—" : latency);
    table.cells(
        "↳ one sync publisher, one fdatasync per ack: ceiling (msgs/s)",
        same,
        d -> ceilingCell,
        "same disk",
        kafka == null ? "—" : ceilingCell);
    double ceiling = 1e6 / disk.p50Micros();
    if (kafkaSync1 != null && kafkaSync1 > 1.2 * ceiling) {
      table.note(
          String.format(
              Locale.ROOT,
              "Kafka acknowledged one synchronous producer %.1f× faster than this disk can"
                  + " fdatasync: its acks did not wait for a sync of their own.",
              kafkaSync1 / ceiling));
    }
    sync1.forEach(
        (side, rate) -> {
          if (rate > 1.2 * ceiling) {
            table.note(
                String.format(
                    Locale.ROOT,
                    "%s acknowledged one synchronous publisher %.1f× faster than this disk can"
                        + " fdatasync: its acks do not wait for the data to reach the disk.",
                    side.label,
                    rate / ceiling));
          }
        });
  }

  private void strace(Map<Side, Target> targets) throws Exception {
    Map<Side, String> cells = new EnumMap<>(Side.class);
    Map<Side, Double> perAck = new EnumMap<>(Side.class);
    for (Side side : sides) {
      Target t = targets.get(side);
      JsPublish.Result r;
      long syncs;
      try (SyscallCount count =
          SyscallCount.attach(t.process().pid(), scratch.resolve(side.cliName + "-strace.log"))) {
        r =
            once(
                t,
                StorageType.File,
                (u, pid) -> JsPublish.async(client, u, pid, 1, s.msgs(), s.size(), s.window()),
                side.label + " async under strace");
        syncs = count.stop();
      }
      perAck.put(side, (double) syncs / r.acked());
      cells.put(
          side,
          String.format(
              Locale.ROOT, "%.4f (%,d in %,d)", (double) syncs / r.acked(), syncs, r.acked()));
    }
    String kafkaCell = "—";
    if (kafka != null) {
      JsPublish.Result r;
      long syncs;
      long msyncs;
      // Kafka also msyncs its memory-mapped offset and time indexes when it flushes a segment.
      try (SyscallCount count =
          SyscallCount.attach(
              kafka.pid(),
              scratch.resolve("kafka-strace.log"),
              List.of("fsync", "fdatasync", "msync"))) {
        KafkaPublish.Result k =
            KafkaPublish.async(kafka, 1, s.msgs(), s.size(), s.window(), s.kafkaBatchSize());
        Map<String, Long> calls = count.stopCounts();
        syncs = calls.getOrDefault("fsync", 0L) + calls.getOrDefault("fdatasync", 0L);
        msyncs = calls.getOrDefault("msync", 0L);
        r = k.publish();
        log(
            String.format(
                Locale.ROOT,
                "Kafka async under strace (%.1f records per produce request)",
                k.recordsPerRequest()),
            r);
      }
      // The run also acknowledged one untimed message sent before it (KafkaPublish.run).
      long acked = r.acked() + 1;
      kafkaCell =
          String.format(
              Locale.ROOT,
              "%.4f (%,d in %,d; and %,d msync)",
              (double) syncs / acked,
              syncs,
              acked,
              msyncs);
    }
    table.cells(
        "fsync + fdatasync calls per acknowledged message (async, 1 publisher, file; strace -f)",
        cells,
        v -> v,
        perAck.size() == 2 && perAck.get(Side.THEIRS) > 0
            ? String.format(Locale.ROOT, "%.2f×", perAck.get(Side.OURS) / perAck.get(Side.THEIRS))
            : "—",
        kafkaCell);
  }

  /** One run on a server process of its own, in a store directory of its own. */
  private interface FreshRun<R> {
    R run(Side side, Path storeDir, Path log) throws Exception;
  }

  // The rounds of a case that starts its own servers: ours, theirs, … alternating, each in a new
  // store directory deleted after it; each run is printed as it ends.
  private <R> Map<Side, List<R>> freshRounds(
      String name, FreshRun<R> run, Function<R, String> describe) throws Exception {
    Map<Side, List<R>> results = new EnumMap<>(Side.class);
    for (int round = 0; round < s.rounds(); round++) {
      for (Side side : sides) {
        Path dir = Files.createDirectories(scratch.resolve(name + "-" + side.cliName + round));
        R r = run.run(side, dir, scratch.resolve(side.cliName + "-" + name + ".log"));
        deleteTree(dir);
        System.err.println(side.label + " " + describe.apply(r));
        results.computeIfAbsent(side, k -> new ArrayList<>()).add(r);
      }
    }
    return results;
  }

  private void recovery() throws Exception {
    Map<Side, List<Recovery.Result>> results =
        freshRounds(
            "recovery",
            (side, dir, log) ->
                Recovery.run(
                    side, repoRoot, dir, log, s.nodeArgs(), s.recoveryMsgs(), s.size(), s.window()),
            r ->
                String.format(
                    Locale.ROOT,
                    "recovery of %,d msgs: port %.2f s, all messages %.2f s (empty start %.2f s),"
                        + " %d MB on disk, RSS %d MB",
                    s.recoveryMsgs(),
                    r.portSeconds(),
                    r.readySeconds(),
                    r.emptyStartSeconds(),
                    r.storeBytes() >> 20,
                    r.rssBytes() >> 20));
    String n = SideBySide.num(s.recoveryMsgs());
    seconds(
        "recovery after kill -9 with " + n + " msgs: restart until stream info shows all (s)",
        JsTable.medians(results, Recovery.Result::readySeconds));
    seconds(
        "↳ of which restart until the port accepted (s)",
        JsTable.medians(results, Recovery.Result::portSeconds));
    seconds(
        "↳ for reference: start on an empty store until the port accepted (s)",
        JsTable.medians(results, Recovery.Result::emptyStartSeconds));
    table.figures(
        "↳ store on disk with " + n + " msgs (MB)",
        JsTable.medians(results, r -> r.storeBytes() / 1048576.0));
    table.figures(
        "↳ RSS once recovered (MB)", JsTable.medians(results, r -> r.rssBytes() / 1048576.0));
  }

  private void seconds(String label, Map<Side, Double> values) {
    table.cells(
        label,
        values,
        v -> String.format(Locale.ROOT, "%.2f", v),
        values.size() == 2
            ? SideBySide.ratio(values.get(Side.OURS), values.get(Side.THEIRS))
            : "—");
  }

  private static void deleteTree(Path d) throws IOException {
    if (!Files.exists(d)) {
      return;
    }
    try (var walk = Files.walk(d)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
