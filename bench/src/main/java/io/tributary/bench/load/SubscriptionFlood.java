package io.tributary.bench.load;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.tributary.auth.nkey.NKey;
import io.tributary.bench.load.OperatorFixture.User;

/**
 * One tenant floods the node with subscriptions while another tenant's request/reply keeps going
 * (issue 11): one connection of account A sends {@code subs} {@code SUB} lines as fast as the
 * socket takes them, while account B sends a request every 2 ms and records each round trip. For
 * each server it reports how many subscriptions were accepted, the memory they took (resident
 * memory for both; for our node also the live heap after a full GC, through {@code jcmd}), and B's
 * latency before and during the flood, and whether B can still connect afterwards.
 */
public final class SubscriptionFlood {
  private static final Duration FLOOD_TIMEOUT = Duration.ofMinutes(10);

  private SubscriptionFlood() {}

  public static void main(Path repoRoot, int subs, List<String> nodeArgs) throws Exception {
    OperatorFixture fixture =
        new OperatorFixture(Files.createTempDirectory("tributary-bench-subs"));
    NKey a = fixture.account("flooder");
    NKey b = fixture.account("bystander");
    User flooder = OperatorFixture.user(a, "flooder");
    User bystander = OperatorFixture.user(b, "bystander");
    List<String> ourArgs = new ArrayList<>(fixture.nodeArgs());
    ourArgs.addAll(nodeArgs);
    List<String[]> rows = new ArrayList<>();
    for (boolean ours : new boolean[] {false, true}) {
      SideBySide.Target t =
          ours
              ? SideBySide.startNode(repoRoot, ourArgs)
              : SideBySide.startNatsServer(fixture.natsServerArgs());
      try {
        rows.add(run(t, ours, subs, flooder, bystander));
      } finally {
        SideBySide.stop(List.of(t));
      }
    }
    System.out.println(
        "| server | subscriptions accepted | refused | flood time (s) | RSS before → after (MB) |"
            + " bytes/subscription (RSS) | live heap bytes/subscription | bystander p50 / p99 / max"
            + " before (µs) | bystander p50 / p99 / max during (µs) | bystander requests failed |"
            + " new bystander connection (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
  }

  private static String[] run(SideBySide.Target t, boolean ours, int subs, User a, User b)
      throws Exception {
    long pid = t.process().pid();
    try (Connection responder = LoadRuns.connect(t.url(), b.jwt(), b.key().seed());
        Connection requester = LoadRuns.connect(t.url(), b.jwt(), b.key().seed())) {
      Dispatcher d =
          responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
      d.subscribe("probe");
      responder.flush(Duration.ofSeconds(5));
      Probe.run(requester, Duration.ofSeconds(2), new AtomicBoolean(true)); // warm-up
      Probe before = Probe.run(requester, Duration.ofSeconds(3), new AtomicBoolean(true));
      long heapBefore = ours ? liveHeap(pid) : 0;
      long rssBefore = rssBytes(pid);

      AtomicBoolean flooding = new AtomicBoolean(true);
      Probe[] during = new Probe[1];
      Thread probe =
          Thread.ofPlatform()
              .start(() -> during[0] = Probe.run(requester, FLOOD_TIMEOUT, flooding));
      try (RawConnect c = RawConnect.open(t.url(), a.jwt(), a.key())) {
        long start = System.nanoTime();
        Flood f;
        try {
          f = Flood.run(c, subs);
        } finally {
          flooding.set(false);
          probe.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long accepted = subs - f.refused;
        long rssAfter = rssBytes(pid);
        long heapAfter = ours ? liveHeap(pid) : 0;
        long t0 = System.nanoTime();
        try (Connection fresh = LoadRuns.connect(t.url(), b.jwt(), b.key().seed())) {
          fresh.flush(Duration.ofSeconds(5));
        }
        double connectMs = (System.nanoTime() - t0) / 1e6;
        System.err.printf(
            Locale.ROOT,
            "%s: %,d accepted, %,d refused (first: %s), connection %s, in %.1f s%n",
            t.name(),
            accepted,
            f.refused,
            f.firstError,
            f.closed ? "closed by the server" : "open",
            secs);
        return new String[] {
          t.name(),
          String.format(Locale.ROOT, "%,d", accepted),
          String.format(Locale.ROOT, "%,d", f.refused),
          String.format(Locale.ROOT, "%.1f", secs),
          (rssBefore >> 20) + " → " + (rssAfter >> 20),
          accepted == 0 ? "—" : String.valueOf((rssAfter - rssBefore) / accepted),
          ours && accepted > 0 ? String.valueOf((heapAfter - heapBefore) / accepted) : "—",
          before.summary(),
          during[0].summary(),
          String.valueOf(during[0].failed),
          String.format(Locale.ROOT, "%.1f", connectMs)
        };
      }
    }
  }

  /**
   * What the flooding connection saw: refusals, the first error line, and whether it was closed.
   */
  private static final class Flood {
    long refused;
    String firstError = "none";
    boolean closed;

    /** Sends {@code subs} SUB lines and a PING, and reads until the PONG (or the close). */
    static Flood run(RawConnect c, int subs) throws Exception {
      Flood f = new Flood();
      c.socket().setSoTimeout((int) FLOOD_TIMEOUT.toMillis());
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(c.socket().getInputStream(), StandardCharsets.US_ASCII));
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (String line = in.readLine(); ; line = in.readLine()) {
                        if (line == null) {
                          f.closed = true;
                          return;
                        }
                        if (line.startsWith("-ERR")) {
                          if (f.refused++ == 0) {
                            f.firstError = line;
                          }
                        } else if (line.equals("PONG")) {
                          return;
                        } else if (line.equals("PING")) {
                          c.socket().getOutputStream().write("PONG\r\n".getBytes());
                        }
                      }
                    } catch (IOException e) {
                      f.closed = true;
                    }
                  });
      try {
        OutputStream out = new BufferedOutputStream(c.socket().getOutputStream(), 1 << 16);
        for (int i = 0; i < subs; i++) {
          out.write(("SUB flood." + i + " " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        f.closed = true;
      }
      reader.join(FLOOD_TIMEOUT.toMillis());
      return f;
    }
  }

  /** Request/reply round trips of the bystander account, one every 2 ms. */
  private static final class Probe {
    final List<Long> nanos = new ArrayList<>();
    long failed;

    /** Probes until {@code go} turns false, or for {@code duration} if it never does. */
    static Probe run(Connection requester, Duration duration, AtomicBoolean go) {
      Probe p = new Probe();
      long end = System.nanoTime() + duration.toNanos();
      byte[] payload = new byte[16];
      while (go.get() && System.nanoTime() < end) {
        long t = System.nanoTime();
        try {
          if (requester.request("probe", payload, Duration.ofSeconds(2)) == null) {
            p.failed++;
          } else {
            p.nanos.add(System.nanoTime() - t);
          }
          TimeUnit.MILLISECONDS.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          p.failed++;
        }
      }
      return p;
    }

    String summary() {
      if (nanos.isEmpty()) {
        return "—";
      }
      long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      return String.format(
          Locale.ROOT,
          "%d / %d / %d",
          v[v.length / 2] / 1000,
          v[(int) (v.length * 0.99)] / 1000,
          v[v.length - 1] / 1000);
    }
  }

  private static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /**
   * The live heap of our node's JVM: {@code jcmd GC.class_histogram} runs a full GC and counts what
   * survives; its last line is the total. The top classes go to stderr, to see where memory goes.
   */
  private static long liveHeap(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        Arrays.asList(
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    p.waitFor(60, TimeUnit.SECONDS);
    lines.stream().limit(18).forEach(System.err::println);
    String total = lines.get(lines.size() - 1).trim();
    if (!total.startsWith("Total")) {
      throw new IllegalStateException("jcmd: " + String.join("\n", lines));
    }
    String[] f = total.split("\\s+");
    return Long.parseLong(f[2]);
  }
}
