package io.tributary.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.tributary.bench.load.SideBySide.Target;
import io.tributary.bench.measure.CpuMeter;

/**
 * {@code bench cluster} (issue 16): a 3-node nats-server cluster and a 3-node cluster of our nodes,
 * started in one run on free loopback ports (full mesh of routes, each node given the other two),
 * the same jnats load on each in alternating rounds, and one Markdown table of medians with the
 * ratio, in {@code bench compare}'s shape. Nodes are A, B and C; the cases:
 *
 * <ul>
 *   <li>publisher on A, one subscriber on B ({@link LoadRuns#fanout(String, String, int, long,
 *       int)}): messages received at B per second;
 *   <li>a queue group of 6 members, 2 on each node, publisher on A: messages delivered per second,
 *       how many went to the members on each node, and whether each was delivered exactly once
 *       (every payload carries its sequence number); and the same with 4 members on B and C only
 *       (our node prefers a member on the publisher's node, nats-server 2.9 picks among all, so
 *       only this one makes both clusters route every message);
 *   <li>sequential requests from A to a responder on C ({@link LoadRuns#reqrep(String, String, int,
 *       int)}): p50 and p99 of the round trip, and the rate.
 * </ul>
 *
 * Our nodes run through the launcher ({@code ./tributary node}, as {@code bench compare} starts
 * one) with {@code TRIBUTARY_NO_BUILD=1}: the launcher's bench dispatch built the data plane just
 * before, and a node must not rebuild it (or run a half-edited tree) in the middle of a run. Every
 * process is stopped at the end, also when the run fails (or is interrupted).
 */
public final class ClusterBench {
  private static final String CLUSTER_NAME = "bench";
  private static final int NODES = 3;

  /** The queue group's members, by node (0 = A): two on each. */
  private static final int[] SPREAD = {0, 0, 1, 1, 2, 2};

  /** Two members on B and two on C, none on the publisher's node. */
  private static final int[] REMOTE = {1, 1, 2, 2};

  private static final Duration ROUTES_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

  /** One node of a cluster: its client URL, monitoring port and process. */
  record Node(String url, int monitorPort, Process process) {}

  /** One side: its name and its nodes A, B, C. */
  record Side(String name, List<Node> nodes) {}

  /** What one run of a case measured. */
  record Measured(
      LoadResult result, long[] perNode, long missing, long duplicates, CpuMeter.Usage cpu) {}

  interface ClusterRun {
    Measured run(Side side) throws Exception;
  }

  private ClusterBench() {}

  public static void main(Path repoRoot, long msgs, int size, int requests, int rounds)
      throws Exception {
    if (size < 4) {
      throw new IllegalArgumentException("--size must be at least 4 (the queue case numbers them)");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1");
    }
    Path logs = Files.createTempDirectory("tributary-bench-cluster");
    List<Process> started = new CopyOnWriteArrayList<>(); // the shutdown hook reads it too
    Thread hook = new Thread(() -> started.forEach(ClusterBench::stop));
    Runtime.getRuntime().addShutdownHook(hook);
    boolean ok = false;
    try {
      Side theirs = startNatsCluster(logs, started);
      Side ours = startOurCluster(repoRoot, logs, started);
      for (Side s : List.of(theirs, ours)) {
        for (Node n : s.nodes()) {
          awaitRoutes(s.name(), n);
        }
      }
      System.err.println("both clusters up, every node with " + (NODES - 1) + " routes");
      List<Side> sides = List.of(theirs, ours);

      // Unrecorded: a JVM node's first seconds measure its compiler, and the client's too.
      for (Side s : List.of(ours, theirs)) {
        Measured w = pubSub(s, Math.max(1, msgs / 2), size);
        System.err.println(s.name() + " warm-up: " + format(w));
        w = queue(s, SPREAD, Math.max(1, msgs / 5), size);
        System.err.println(s.name() + " warm-up: " + format(w));
        w = queue(s, REMOTE, Math.max(1, msgs / 5), size);
        System.err.println(s.name() + " warm-up: " + format(w));
      }

      List<String[]> rows = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      List<List<Measured>> r = compare(sides, rounds, "pub A → sub B", s -> pubSub(s, msgs, size));
      rows.add(rate("pub on A → sub on B, " + size + " B (msgs/s received at B)", r));
      rows.add(cpuRow(r));
      cpuNotes("pub A → sub B", sides, r, notes);

      r = compare(sides, rounds, "queue group", s -> queue(s, SPREAD, msgs, size));
      queueRows(
          "queue group of "
              + SPREAD.length
              + " (2 a node), pub on A, "
              + size
              + " B (msgs/s delivered)",
          r,
          rows);
      cpuNotes("queue group", sides, r, notes);

      // Our node prefers a member on the publisher's node, nats-server 2.9 picks among all: the
      // same group without members on A makes both send every message over a route.
      r = compare(sides, rounds, "queue group, none on A", s -> queue(s, REMOTE, msgs, size));
      queueRows(
          "queue group of "
              + REMOTE.length
              + " (2 on B, 2 on C, none on A), pub on A, "
              + size
              + " B (msgs/s delivered)",
          r,
          rows);
      cpuNotes("queue group, none on A", sides, r, notes);

      r =
          compare(
              sides,
              rounds,
              "req/rep",
              s -> {
                CpuMeter c = CpuMeter.start(pids(s));
                LoadResult lr =
                    LoadRuns.reqrep(s.nodes().get(2).url(), s.nodes().get(0).url(), requests, size);
                return new Measured(lr, null, 0, 0, c.stop());
              });
      rows.add(
          SideBySide.row(
              "req/rep A → responder on C, p50 (µs)",
              med(r.get(0), m -> m.result().p50Micros()),
              med(r.get(1), m -> m.result().p50Micros())));
      rows.add(
          SideBySide.row(
              "req/rep A → responder on C, p99 (µs)",
              med(r.get(0), m -> m.result().p99Micros()),
              med(r.get(1), m -> m.result().p99Micros())));
      rows.add(rate("req/rep, " + requests + " sequential requests (req/s)", r));

      double theirsMb = peakRssMb(theirs);
      double oursMb = peakRssMb(ours);
      rows.add(
          new String[] {
            "peak RSS, sum of the 3 nodes (MB)",
            String.format(Locale.ROOT, "%.0f", theirsMb),
            String.format(Locale.ROOT, "%.0f", oursMb),
            SideBySide.ratio(oursMb, theirsMb)
          });

      System.out.println(
          "| run | nats-server "
              + SideBySide.natsVersion()
              + ", 3 nodes | tributary, 3 nodes | tributary / nats-server |");
      System.out.println("|---|---|---|---|");
      for (String[] row : rows) {
        System.out.println("| " + String.join(" | ", row) + " |");
      }
      if (!notes.isEmpty()) {
        System.out.println();
        notes.forEach(n -> System.out.println("- " + n));
      }
      ok = true;
    } finally {
      started.forEach(ClusterBench::stop);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the hook is running already
      }
      if (ok) {
        deleteTree(logs);
      } else {
        System.err.println("the nodes' output is in " + logs);
      }
    }
  }

  // ---- the cases

  /** Publisher on A, one subscriber on B. */
  static Measured pubSub(Side s, long msgs, int size) throws Exception {
    CpuMeter c = CpuMeter.start(pids(s));
    LoadResult r = LoadRuns.fanout(s.nodes().get(0).url(), s.nodes().get(1).url(), 1, msgs, size);
    return new Measured(r, null, 0, 0, c.stop());
  }

  /**
   * A queue group with a member on node {@code memberNodes[i]} for each i (0 = A), each on its own
   * connection; the publisher on A numbers every payload (its first 4 bytes), each member records
   * the numbers it got, and the run counts what went to each node, what never arrived and what
   * arrived more than once. Before publishing, probes to a plain subject every member also
   * subscribes to (after the queue subscription, on the same connection: interest travels a route
   * in order) go out until every member has received one.
   */
  static Measured queue(Side s, int[] memberNodes, long msgs, int size) throws Exception {
    if (msgs > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the queue case numbers at most 2^31 messages");
    }
    int members = memberNodes.length;
    List<Connection> conns = new ArrayList<>();
    BitSet[] seen = new BitSet[members];
    long[] got = new long[members];
    AtomicLong total = new AtomicLong();
    AtomicLong lastArrival = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(members);
    try (Connection pub = LoadRuns.connect(s.nodes().get(0).url())) {
      for (int i = 0; i < members; i++) {
        int member = i;
        seen[i] = new BitSet((int) msgs);
        Connection c = LoadRuns.connect(s.nodes().get(memberNodes[i]).url());
        conns.add(c);
        Dispatcher d = c.createDispatcher();
        d.setPendingLimits(-1, -1);
        d.subscribe(
            "bench.queue",
            "workers",
            m -> {
              byte[] b = m.getData();
              seen[member].set(
                  (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
              got[member]++;
              lastArrival.set(System.nanoTime());
              total.incrementAndGet();
            });
        AtomicBoolean probed = new AtomicBoolean();
        d.subscribe(
            "bench.queue.probe",
            m -> {
              if (probed.compareAndSet(false, true)) {
                ready.countDown();
              }
            });
        c.flush(Duration.ofSeconds(5));
      }
      LoadRuns.awaitInterest(pub, "bench.queue.probe", new byte[0], ready);
      CpuMeter c = CpuMeter.start(pids(s));
      long start = System.nanoTime();
      for (int i = 0; i < msgs; i++) {
        // jnats keeps the array until its writer thread sends it: one per message
        byte[] p = new byte[size];
        p[0] = (byte) (i >>> 24);
        p[1] = (byte) (i >>> 16);
        p[2] = (byte) (i >>> 8);
        p[3] = (byte) i;
        pub.publish("bench.queue", p);
      }
      pub.flush(RUN_TIMEOUT);
      // Until every message arrived, or nothing arrived for 5 s (some were lost), then a little
      // longer to see duplicates.
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      long idle = Duration.ofSeconds(5).toNanos();
      while (total.get() < msgs
          && System.nanoTime() < deadline
          && System.nanoTime() - Math.max(start, lastArrival.get()) < idle) {
        Thread.sleep(1);
      }
      long end = Math.max(start, lastArrival.get());
      CpuMeter.Usage cpu = c.stop();
      Thread.sleep(300);
      long delivered = total.get(); // every member's writes above happened before its increment
      BitSet union = new BitSet((int) msgs);
      long[] perNode = new long[NODES];
      for (int i = 0; i < members; i++) {
        union.or(seen[i]);
        perNode[memberNodes[i]] += got[i];
      }
      long unique = union.cardinality();
      double secs = (end - start) / 1e9;
      return new Measured(
          new LoadResult(
              "queue", delivered / secs, 0, 0, msgs + " x " + size + " B, " + members + " members"),
          perNode,
          msgs - unique,
          delivered - unique,
          cpu);
    } finally {
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  /**
   * Runs {@code run} on both sides {@code rounds} times, alternating which goes first (theirs,
   * ours; ours, theirs; …) as {@code bench compare} does; results per side in that order.
   */
  static List<List<Measured>> compare(List<Side> sides, int rounds, String label, ClusterRun run)
      throws Exception {
    List<List<Measured>> results = new ArrayList<>();
    sides.forEach(s -> results.add(new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < sides.size(); k++) {
        int i = round % 2 == 0 ? k : sides.size() - 1 - k;
        Measured m = run.run(sides.get(i));
        System.err.println(sides.get(i).name() + " " + label + ": " + format(m));
        results.get(i).add(m);
      }
    }
    return results;
  }

  // ---- the table

  private static void queueRows(String label, List<List<Measured>> r, List<String[]> rows) {
    rows.add(rate(label, r));
    rows.add(
        new String[] {
          "↳ delivered to the members on A / B / C (median run)",
          distribution(median(r.get(0))),
          distribution(median(r.get(1))),
          "—"
        });
    rows.add(
        new String[] {
          "↳ each message delivered exactly once (every run)",
          exactlyOnce(r.get(0)),
          exactlyOnce(r.get(1)),
          "—"
        });
    rows.add(cpuRow(r));
  }

  private static String[] rate(String label, List<List<Measured>> r) {
    return SideBySide.row(
        label,
        med(r.get(0), m -> m.result().msgsPerSecond()),
        med(r.get(1), m -> m.result().msgsPerSecond()));
  }

  private static double med(List<Measured> runs, ToDoubleFunction<Measured> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  // The run with the median rate.
  private static Measured median(List<Measured> runs) {
    List<Measured> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.result().msgsPerSecond(), b.result().msgsPerSecond()));
    return sorted.get(sorted.size() / 2);
  }

  private static String distribution(Measured m) {
    long sum = Arrays.stream(m.perNode()).sum();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < m.perNode().length; i++) {
      b.append(i == 0 ? "" : " / ")
          .append(
              String.format(Locale.ROOT, "%.0f %%", sum == 0 ? 0 : 100.0 * m.perNode()[i] / sum));
    }
    return b.toString();
  }

  private static String exactlyOnce(List<Measured> runs) {
    long missing = runs.stream().mapToLong(Measured::missing).sum();
    long dups = runs.stream().mapToLong(Measured::duplicates).sum();
    if (missing == 0 && dups == 0) {
      return "yes (" + runs.size() + (runs.size() == 1 ? " run)" : " runs)");
    }
    return String.format(Locale.ROOT, "**no**: %,d missing, %,d twice or more", missing, dups);
  }

  private static String[] cpuRow(List<List<Measured>> r) {
    String[] row = new String[4];
    row[0] = "↳ CPU, cores: client (its busiest thread) / nodes A + B + C / other processes";
    for (int side = 0; side < 2; side++) {
      List<Measured> runs = r.get(side);
      row[side + 1] =
          String.format(
              Locale.ROOT,
              "%.2f (%.0f %%) / %s / %.2f",
              med(runs, m -> m.cpu().clientCores()),
              med(runs, m -> m.cpu().hottestShare()) * 100,
              nodesCpu(runs),
              med(runs, m -> m.cpu().otherCores()));
    }
    row[3] = "—";
    return row;
  }

  private static String nodesCpu(List<Measured> runs) {
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < NODES; n++) {
      int node = n;
      b.append(n == 0 ? "" : " + ")
          .append(String.format(Locale.ROOT, "%.2f", med(runs, m -> m.cpu().perServer()[node])));
    }
    return b.toString();
  }

  private static void cpuNotes(
      String label, List<Side> sides, List<List<Measured>> r, List<String> notes) {
    int cores = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < sides.size(); i++) {
      List<Measured> runs = r.get(i);
      for (Measured m : runs) {
        if (m.cpu().hottestShare() >= 0.9) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "%s, %s: the client's thread '%s' used %.0f %% of a core — the client may be the"
                      + " limit here, not the cluster.",
                  label,
                  sides.get(i).name(),
                  m.cpu().hottestThread(),
                  m.cpu().hottestShare() * 100));
          break;
        }
      }
      double others = med(runs, m -> m.cpu().otherCores());
      double used = med(runs, m -> m.cpu().clientCores()) + med(runs, m -> m.cpu().serverCores());
      if (others >= 0.25) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s, %s: other processes used %.2f of the %d cores meanwhile (median) — the machine"
                    + " was not quiet; re-run before comparing.",
                label,
                sides.get(i).name(),
                others,
                cores));
      } else if (used >= 0.9 * cores) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s, %s: client and nodes together used %.1f of %d cores — the machine's CPU is"
                    + " the limit.",
                label,
                sides.get(i).name(),
                used,
                cores));
      }
    }
  }

  private static String format(Measured m) {
    LoadResult r = m.result();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%,.0f/s p50=%.0fµs p99=%.0fµs %s",
                r.msgsPerSecond(),
                r.p50Micros(),
                r.p99Micros(),
                r.note()));
    if (m.perNode() != null) {
      b.append(" per node ")
          .append(Arrays.toString(m.perNode()))
          .append(" missing ")
          .append(m.missing())
          .append(" duplicates ")
          .append(m.duplicates());
    }
    return b.append("; ").append(m.cpu().describe()).toString();
  }

  private static long[] pids(Side s) {
    return s.nodes().stream().mapToLong(n -> n.process().pid()).toArray();
  }

  // Sum of the nodes' peak resident sets (VmHWM).
  private static double peakRssMb(Side s) throws IOException {
    double sum = 0;
    for (Node n : s.nodes()) {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(n.process().pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          double mb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
          System.err.printf(Locale.ROOT, "%s node %s: peak RSS %.0f MB%n", s.name(), n.url(), mb);
          sum += mb;
        }
      }
    }
    return sum;
  }

  // ---- the clusters

  private static Side startNatsCluster(Path logs, List<Process> started) throws Exception {
    int[] routePorts = freePorts();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      int monitor = SideBySide.freePort();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-m",
                  String.valueOf(monitor),
                  "-cluster",
                  "nats://127.0.0.1:" + routePorts[i],
                  "-cluster_name",
                  CLUSTER_NAME,
                  "-routes",
                  otherRoutes("nats://", routePorts, i)));
      Target t =
          SideBySide.launchNatsServer(
              args, ProcessBuilder.Redirect.to(logs.resolve("nats-server-" + i + ".log").toFile()));
      started.add(t.process());
      SideBySide.awaitPort(t);
      nodes.add(new Node(t.url(), monitor, t.process()));
    }
    return new Side("nats-server", nodes);
  }

  private static Side startOurCluster(Path repoRoot, Path logs, List<Process> started)
      throws Exception {
    int[] routePorts = freePorts();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      int port = SideBySide.freePort();
      int monitor = SideBySide.freePort();
      ProcessBuilder pb =
          new ProcessBuilder(
              repoRoot.resolve("tributary").toString(),
              "node",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--http-port",
              String.valueOf(monitor),
              "--cluster",
              "nats-route://127.0.0.1:" + routePorts[i],
              "--cluster-name",
              CLUSTER_NAME,
              "--routes",
              otherRoutes("nats-route://", routePorts, i));
      pb.environment().put("TRIBUTARY_NO_BUILD", "1");
      // One at a time: the first start after a build trains the launcher's start-up cache.
      Process p =
          pb.redirectErrorStream(true)
              .redirectOutput(logs.resolve("tributary-" + i + ".log").toFile())
              .start();
      started.add(p);
      Target t = new Target("tributary", "nats://127.0.0.1:" + port, p);
      SideBySide.awaitPort(t);
      nodes.add(new Node(t.url(), monitor, p));
    }
    return new Side("tributary", nodes);
  }

  private static int[] freePorts() throws IOException {
    int[] ports = new int[NODES];
    for (int i = 0; i < NODES; i++) {
      ports[i] = SideBySide.freePort();
    }
    return ports;
  }

  private static String otherRoutes(String scheme, int[] routePorts, int self) {
    List<String> urls = new ArrayList<>();
    for (int j = 0; j < routePorts.length; j++) {
      if (j != self) {
        urls.add(scheme + "127.0.0.1:" + routePorts[j]);
      }
    }
    return String.join(",", urls);
  }

  private static final Pattern NUM_ROUTES = Pattern.compile("\"num_routes\"\\s*:\\s*(\\d+)");

  /** Waits until the node's {@code /routez} reports a route to each other node. */
  private static void awaitRoutes(String side, Node n) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.monitorPort() + "/routez"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + ROUTES_TIMEOUT.toNanos();
    int routes = -1;
    while (System.nanoTime() < deadline) {
      if (!n.process().isAlive()) {
        throw new IllegalStateException(
            side + " node " + n.url() + " exited with " + n.process().exitValue());
      }
      try {
        Matcher m = NUM_ROUTES.matcher(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        if (m.find()) {
          routes = Integer.parseInt(m.group(1));
          if (routes == NODES - 1) {
            return;
          }
        }
      } catch (IOException notYet) {
        // monitoring not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        side
            + " node "
            + n.url()
            + " has "
            + routes
            + " routes after "
            + ROUTES_TIMEOUT.toSeconds()
            + " s, not "
            + (NODES - 1));
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
