package io.tributary.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How soon a server started by a harness serves (issue 18): from starting the process to the port
 * accepting a connection (exec to listening), and to the first PONG of a client that connects the
 * moment it can (exec to first PONG). nats-server and our node ({@code ./tributary node}, as users
 * run it) alternate, {@code rounds} times each; medians.
 */
public final class StartTime {
  private StartTime() {}

  public static void main(Path repoRoot, int rounds) throws Exception {
    List<long[]> nats = new ArrayList<>();
    List<long[]> ours = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      nats.add(measure(false, repoRoot));
      ours.add(measure(true, repoRoot));
    }
    System.out.println("| run | nats-server " + SideBySide.natsVersion() + " | tributary |");
    System.out.println("|---|---|---|");
    row("exec to listening (ms, median of " + rounds + ")", nats, ours, 0);
    row("exec to first PONG (ms, median of " + rounds + ")", nats, ours, 1);
  }

  private static void row(String label, List<long[]> nats, List<long[]> ours, int k) {
    System.out.printf(
        Locale.ROOT, "| %s | %.1f | %.1f |%n", label, median(nats, k), median(ours, k));
  }

  private static double median(List<long[]> runs, int k) {
    double[] v = runs.stream().mapToDouble(r -> r[k] / 1e6).sorted().toArray();
    return v[v.length / 2];
  }

  // {exec → port accepts, exec → first PONG}, in nanoseconds.
  private static long[] measure(boolean ourNode, Path repoRoot) throws Exception {
    long t0 = System.nanoTime();
    SideBySide.Target t =
        ourNode
            ? SideBySide.launchNode(repoRoot, List.of(), ProcessBuilder.Redirect.DISCARD)
            : SideBySide.launchNatsServer(List.of(), ProcessBuilder.Redirect.DISCARD);
    try {
      int port = URI.create(t.url()).getPort();
      long deadline = t0 + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!t.process().isAlive()) {
          throw new IllegalStateException(t.name() + " exited with " + t.process().exitValue());
        }
        Socket s;
        try {
          s = new Socket("127.0.0.1", port);
        } catch (java.io.IOException notYet) {
          Thread.sleep(1); // a spinning client would take a core from the server starting beside it
          continue;
        }
        long listening = System.nanoTime() - t0;
        try (s) {
          s.setSoTimeout(10_000);
          BufferedReader in =
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          in.readLine(); // INFO
          OutputStream out = s.getOutputStream();
          out.write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          String line;
          while ((line = in.readLine()) != null && !line.equals("PONG")) {
            // INFO updates may come first
          }
          long pong = System.nanoTime() - t0;
          System.err.printf(
              Locale.ROOT,
              "%s: listening %.1f ms, PONG %.1f ms%n",
              t.name(),
              listening / 1e6,
              pong / 1e6);
          return new long[] {listening, pong};
        }
      }
      throw new IllegalStateException(t.name() + " did not listen within 60 s");
    } finally {
      t.process().destroy();
      t.process().waitFor();
    }
  }
}
