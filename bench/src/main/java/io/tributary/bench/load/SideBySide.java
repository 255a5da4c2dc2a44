package io.tributary.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Starts Debian's nats-server and our node on free loopback ports, runs the same load against both
 * (alternating, so neither always runs on a warmer machine), and prints one Markdown table with
 * both figures, their ratio and each server's peak resident memory. Both servers are stopped at the
 * end.
 */
public final class SideBySide {
  /** A server under test: a name, its client URL, and its process (for memory). */
  public record Target(String name, String url, Process process) {}

  interface Run {
    LoadResult run(String url) throws Exception;
  }

  private SideBySide() {}

  public static void main(
      Path repoRoot, long msgs, int size, int requests, int conns, long slowBytes)
      throws Exception {
    List<Target> targets = new ArrayList<>();
    try {
      targets.add(startNatsServer(List.of()));
      targets.add(startNode(repoRoot, List.of()));
      List<String[]> rows = new ArrayList<>();
      compare(
          rows,
          targets,
          "pubsub " + size + " B (msgs/s)",
          u -> LoadRuns.fanout(u, 1, msgs, size),
          false);
      compare(
          rows,
          targets,
          "fan-out 1:4 " + size + " B (msgs/s)",
          u -> LoadRuns.fanout(u, 4, msgs / 4, size),
          false);
      compare(rows, targets, "req/rep", u -> LoadRuns.reqrep(u, requests, size), true);
      compare(rows, targets, "connections/s", u -> LoadRuns.conns(u, conns, 8), false);
      rows.add(
          new String[] {
            "peak RSS after the runs above (MB)",
            mb(targets.get(0)),
            mb(targets.get(1)),
            ratio(rssMb(targets.get(1)), rssMb(targets.get(0)))
          });
      for (Target t : targets) {
        LoadResult r = LoadRuns.slowConsumer(t.url(), slowBytes);
        System.err.println(t.name() + ": " + r.note());
      }
      rows.add(
          new String[] {
            "peak RSS with a stalled subscriber, " + (slowBytes >> 20) + " MB published (MB)",
            mb(targets.get(0)),
            mb(targets.get(1)),
            ratio(rssMb(targets.get(1)), rssMb(targets.get(0)))
          });
      printTable(rows);
    } finally {
      stop(targets);
    }
  }

  /** Prints the rows as one Markdown table. */
  static void printTable(List<String[]> rows) {
    System.out.println(
        "| run | nats-server " + natsVersion() + " | tributary | tributary / nats-server |");
    System.out.println("|---|---|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
  }

  /** Stops every target (SIGTERM, up to 10 s each). */
  public static void stop(List<Target> targets) throws InterruptedException {
    for (Target t : targets) {
      t.process().destroy();
      t.process().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static final int ROUNDS = 3;

  /**
   * Runs {@code run} on every target in alternating order, {@link #ROUNDS} times, and adds a row
   * with each one's median rate ({@code latency}: two rows, median p50 and p99, instead).
   */
  static List<List<LoadResult>> compare(
      List<String[]> rows, List<Target> targets, String label, Run run, boolean latency)
      throws Exception {
    List<List<LoadResult>> results = new ArrayList<>();
    targets.forEach(t -> results.add(new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < targets.size(); k++) {
        int i = round % 2 == 0 ? k : targets.size() - 1 - k;
        LoadResult r = run.run(targets.get(i).url());
        System.err.println(targets.get(i).name() + " " + label + ": " + format(r));
        results.get(i).add(r);
      }
    }
    if (latency) {
      rows.add(
          row(
              label + " p50 (µs)",
              median(results.get(0), LoadResult::p50Micros),
              median(results.get(1), LoadResult::p50Micros)));
      rows.add(
          row(
              label + " p99 (µs)",
              median(results.get(0), LoadResult::p99Micros),
              median(results.get(1), LoadResult::p99Micros)));
    } else {
      rows.add(
          row(
              label,
              median(results.get(0), LoadResult::msgsPerSecond),
              median(results.get(1), LoadResult::msgsPerSecond)));
    }
    return results;
  }

  static double median(List<LoadResult> rs, java.util.function.ToDoubleFunction<LoadResult> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  static String[] row(String label, double nats, double ours) {
    return new String[] {label, num(nats), num(ours), ratio(ours, nats)};
  }

  private static String format(LoadResult r) {
    return String.format(
        Locale.ROOT,
        "%.0f/s p50=%.0fµs p99=%.0fµs %s",
        r.msgsPerSecond(),
        r.p50Micros(),
        r.p99Micros(),
        r.note());
  }

  public static String num(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  public static String ratio(double ours, double nats) {
    return String.format(Locale.ROOT, "%.2f×", ours / nats);
  }

  private static double rssMb(Target t) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(t.process().pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static String mb(Target t) {
    return String.format(Locale.ROOT, "%.0f", rssMb(t));
  }

  /** Debian's nats-server on a free port, with {@code extraArgs} (e.g. {@code -c FILE}). */
  public static Target startNatsServer(List<String> extraArgs) throws Exception {
    Target t = launchNatsServer(extraArgs, ProcessBuilder.Redirect.DISCARD);
    awaitPort(t);
    return t;
  }

  /**
   * Starts nats-server on a free port without waiting for it to listen; its output goes to {@code
   * output}.
   */
  public static Target launchNatsServer(List<String> extraArgs, ProcessBuilder.Redirect output)
      throws IOException {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(natsServerBinary()));
    cmd.addAll(extraArgs);
    cmd.addAll(List.of("-a", "127.0.0.1", "-p", String.valueOf(port)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output).start();
    return new Target("nats-server", "nats://127.0.0.1:" + port, p);
  }

  /** Our node ({@code ./tributary node}) on a free port, with {@code extraArgs}. */
  public static Target startNode(Path repoRoot, List<String> extraArgs) throws Exception {
    Target t = launchNode(repoRoot, extraArgs, ProcessBuilder.Redirect.DISCARD);
    awaitPort(t);
    return t;
  }

  /**
   * Starts our node on a free port without waiting for it to listen; its output goes to {@code
   * output}. The launcher execs java, so the process is the node's JVM (its pid is the node's).
   */
  public static Target launchNode(
      Path repoRoot, List<String> extraArgs, ProcessBuilder.Redirect output) throws IOException {
    int port = freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                repoRoot.resolve("tributary").toString(),
                "node",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                "0"));
    cmd.addAll(extraArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output).start();
    return new Target("tributary", "nats://127.0.0.1:" + port, p);
  }

  static String natsServerBinary() {
    String env = System.getenv("TRIBUTARY_NATS_SERVER");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
      Path c = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
      if (Files.isExecutable(c)) {
        return c.toString();
      }
    }
    throw new IllegalStateException(
        "nats-server not found: apt-get install nats-server, or set TRIBUTARY_NATS_SERVER");
  }

  /** nats-server's version, as {@code --version} prints it (e.g. 2.9.10). */
  public static String natsVersion() {
    try {
      Process p =
          new ProcessBuilder(natsServerBinary(), "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes()).trim();
      return v.replaceAll(".*v", "");
    } catch (IOException e) {
      return "";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (up to 60 s) until {@code t} accepts connections; fails if its process exits. */
  public static void awaitPort(Target t) throws Exception {
    int port = URI.create(t.url()).getPort();
    Process p = t.process();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("server exited with " + p.exitValue());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("server on port " + port + " did not start");
  }
}
