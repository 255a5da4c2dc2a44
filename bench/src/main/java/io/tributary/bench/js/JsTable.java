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
 * tributary, tributary / nats-server, and with {@code --kafka} a Kafka column after them; a server
 * that did not run a row shows "—". Notes follow it.
 */
final class JsTable {
  /** Other processes' CPU (cores) above which a case gets a note that the machine was busy. */
  private static final double OTHERS_NOTED = 0.25;

  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String kafkaHeader;

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
    figures(label, values, null);
  }

  /** As {@link #figures(String, Map)}, with Kafka's figure (null: Kafka did not run this). */
  void figures(String label, Map<Side, Double> values, Double kafka) {
    cells(
        label,
        values,
        SideBySide::num,
        values.size() == 2 ? SideBySide.ratio(values.get(Side.OURS), values.get(Side.THEIRS)) : "—",
        kafka == null ? "—" : SideBySide.num(kafka));
  }

  /** A row of anything per side, with a ratio column given as text. */
  <V> void cells(String label, Map<Side, V> values, Function<V, String> format, String ratio) {
    cells(label, values, format, ratio, "—");
  }

  /** As {@link #cells(String, Map, Function, String)}, with Kafka's cell. */
  <V> void cells(
      String label, Map<Side, V> values, Function<V, String> format, String ratio, String kafka) {
    rows.add(
        new String[] {
          label, cell(values, Side.THEIRS, format), cell(values, Side.OURS, format), ratio, kafka
        });
  }

  /** Adds the Kafka column (its header) to the printed table. */
  void kafkaColumn(String header) {
    this.kafkaHeader = header;
  }

  /**
   * A row of CPU medians per side (client, its busiest thread, server, other processes), and a note
   * when the client, the machine or other processes were the limit.
   */
  void cpu(String label, Map<Side, List<CpuMeter.Usage>> r) {
    cpu(label, r, null);
  }

  /** As {@link #cpu(String, Map)}, with Kafka's runs (null: Kafka did not run this). */
  void cpu(String label, Map<Side, List<CpuMeter.Usage>> r, List<CpuMeter.Usage> kafka) {
    Map<Side, String> cells = new EnumMap<>(Side.class);
    r.forEach((side, runs) -> cells.put(side, cpuCell(label, side.label, runs)));
    cells(
        "↳ CPU, cores: client (its busiest thread) / server / other processes",
        cells,
        v -> v,
        "—",
        kafka == null ? "—" : cpuCell(label, "Kafka", kafka));
  }

  // The medians of one server's runs as a cell; notes when the client, the machine or other
  // processes were the limit.
  private String cpuCell(String label, String who, List<CpuMeter.Usage> runs) {
    double client = median(runs, CpuMeter.Usage::clientCores);
    double server = median(runs, CpuMeter.Usage::serverCores);
    double hottest = median(runs, CpuMeter.Usage::hottestShare);
    double others = median(runs, CpuMeter.Usage::otherCores);
    int cores = Runtime.getRuntime().availableProcessors();
    for (CpuMeter.Usage x : runs) {
      if (x.clientBound()) {
        note(
            String.format(
                Locale.ROOT,
                "%s, %s: the client's thread '%s' used %.0f %% of a core — one client connection"
                    + " is the limit here, not the server; the rows with several publishers use"
                    + " one connection each.",
                label,
                who,
                x.hottestThread(),
                x.hottestShare() * 100));
        break;
      }
    }
    double both = client + server;
    if (others >= OTHERS_NOTED) {
      note(
          String.format(
              Locale.ROOT,
              "%s, %s: other processes used %.2f of the %d cores meanwhile (median) — the"
                  + " machine was not quiet; re-run before comparing.",
              label,
              who,
              others,
              cores));
    } else if (both >= 0.9 * cores) {
      note(
          String.format(
              Locale.ROOT,
              "%s, %s: client and server together used %.1f of %d cores — the machine's CPU"
                  + " is the limit.",
              label,
              who,
              both,
              cores));
    }
    return String.format(
        Locale.ROOT, "%.2f (%.0f %%) / %.2f / %.2f", client, hottest * 100, server, others);
  }

  private static <R> double median(List<R> runs, ToDoubleFunction<R> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  void note(String text) {
    notes.add(text);
  }

  void print(PrintStream out) {
    out.println(
        "| run | nats-server "
            + SideBySide.natsVersion()
            + " | tributary | tributary / nats-server |"
            + (kafkaHeader == null ? "" : " " + kafkaHeader + " |"));
    out.println("|---|---|---|---|" + (kafkaHeader == null ? "" : "---|"));
    for (String[] r : rows) {
      List<String> cells = Arrays.asList(r);
      out.println(
          "| " + String.join(" | ", kafkaHeader == null ? cells.subList(0, 4) : cells) + " |");
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
