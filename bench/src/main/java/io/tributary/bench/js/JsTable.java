package io.tributary.bench.js;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.tributary.bench.load.SideBySide;
import io.tributary.bench.measure.CpuMeter;

/**
 * The one Markdown table {@code bench js} prints, in {@code bench compare}'s shape: nats-server,
 * tributary, tributary / nats-server; a server that did not run shows "—". Notes follow it.
 */
final class JsTable {
  /** Other processes' CPU (cores) above which a case gets a note that the machine was busy. */
  private static final double OTHERS_NOTED = 0.25;

  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** The median of {@code f} over each side's runs. */
  static <R> Map<Side, Double> medians(Map<Side, List<R>> runs, ToDoubleFunction<R> f) {
    Map<Side, Double> m = new EnumMap<>(Side.class);
    runs.forEach(
        (side, rs) -> {
          double[] v = rs.stream().mapToDouble(f).sorted().toArray();
          m.put(side, v[v.length / 2]);
        });
    return m;
  }

  /** A row of figures (formatted as {@code 1,234}), with the ratio when both servers ran. */
  void figures(String label, Map<Side, Double> values) {
    cells(
        label,
        values,
        SideBySide::num,
        values.size() == 2
            ? SideBySide.ratio(values.get(Side.OURS), values.get(Side.THEIRS))
            : "—");
  }

  /** A row of anything per side, with a ratio column given as text. */
  <V> void cells(String label, Map<Side, V> values, Function<V, String> format, String ratio) {
    rows.add(
        new String[] {
          label, cell(values, Side.THEIRS, format), cell(values, Side.OURS, format), ratio
        });
  }

  /**
   * A row of CPU medians per side (client, its busiest thread, server, other processes), and a note
   * when the client, the machine or other processes were the limit.
   */
  void cpu(String label, Map<Side, List<CpuMeter.Usage>> r) {
    Map<Side, Double> client = medians(r, CpuMeter.Usage::clientCores);
    Map<Side, Double> server = medians(r, CpuMeter.Usage::serverCores);
    Map<Side, Double> hottest = medians(r, CpuMeter.Usage::hottestShare);
    Map<Side, Double> others = medians(r, CpuMeter.Usage::otherCores);
    Map<Side, String> cells = new EnumMap<>(Side.class);
    client.forEach(
        (side, c) ->
            cells.put(
                side,
                String.format(
                    Locale.ROOT,
                    "%.2f (%.0f %%) / %.2f / %.2f",
                    c,
                    hottest.get(side) * 100,
                    server.get(side),
                    others.get(side))));
    cells(
        "↳ CPU, cores: client (its busiest thread) / server / other processes", cells, v -> v, "—");
    int cores = Runtime.getRuntime().availableProcessors();
    r.forEach(
        (side, runs) -> {
          for (CpuMeter.Usage x : runs) {
            if (x.clientBound()) {
              note(
                  String.format(
                      Locale.ROOT,
                      "%s, %s: the client's thread '%s' used %.0f %% of a core — one jnats"
                          + " connection is the limit here, not the server; the rows with several"
                          + " publishers use one connection each.",
                      label,
                      side.label,
                      x.hottestThread(),
                      x.hottestShare() * 100));
              break;
            }
          }
          double both = client.get(side) + server.get(side);
          if (others.get(side) >= OTHERS_NOTED) {
            note(
                String.format(
                    Locale.ROOT,
                    "%s, %s: other processes used %.2f of the %d cores meanwhile (median) — the"
                        + " machine was not quiet; re-run before comparing.",
                    label,
                    side.label,
                    others.get(side),
                    cores));
          } else if (both >= 0.9 * cores) {
            note(
                String.format(
                    Locale.ROOT,
                    "%s, %s: client and server together used %.1f of %d cores — the machine's CPU"
                        + " is the limit.",
                    label,
                    side.label,
                    both,
                    cores));
          }
        });
  }

  void note(String text) {
    notes.add(text);
  }

  void print(PrintStream out) {
    out.println(
        "| run | nats-server "
            + SideBySide.natsVersion()
            + " | tributary | tributary / nats-server |");
    out.println("|---|---|---|---|");
    for (String[] r : rows) {
      out.println("| " + String.join(" | ", Arrays.asList(r)) + " |");
    }
    if (!notes.isEmpty()) {
      out.println();
      notes.forEach(n -> out.println("- " + n));
    }
  }

  private static <V> String cell(Map<Side, V> values, Side side, Function<V, String> format) {
    V v = values.get(side);
    return v == null ? "—" : format.apply(v);
  }
}
