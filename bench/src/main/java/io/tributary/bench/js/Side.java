package io.tributary.bench.js;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tributary.bench.load.SideBySide;
import io.tributary.bench.load.SideBySide.Target;

/**
 * The two servers {@code bench js} compares, each started as {@code bench compare} starts it, plus
 * JetStream on its own store directory, with its output appended to a log file.
 */
enum Side {
  OURS("tributary", "ours"),
  THEIRS("nats-server", "theirs");

  /**
   * The flags that turn JetStream on in our node; the store directory follows them. The one place
   * to change if the node names them differently.
   */
  static final List<String> NODE_JETSTREAM_FLAGS = List.of("--jetstream", "--store-dir");

  final String label;
  final String cliName;

  Side(String label, String cliName) {
    this.label = label;
    this.cliName = cliName;
  }

  /** Starts the server without waiting for it to listen (recovery times its own wait). */
  Target launch(Path repoRoot, Path storeDir, Path log, List<String> nodeArgs) throws IOException {
    Redirect out = Redirect.appendTo(log.toFile());
    return switch (this) {
      case OURS -> {
        List<String> args = new ArrayList<>(NODE_JETSTREAM_FLAGS);
        args.add(storeDir.toString());
        args.addAll(nodeArgs);
        yield SideBySide.launchNode(repoRoot, args, out);
      }
      case THEIRS -> SideBySide.launchNatsServer(List.of("-js", "-sd", storeDir.toString()), out);
    };
  }

  /** Starts the server and waits until it accepts connections; a failure shows its log. */
  Target start(Path repoRoot, Path storeDir, Path log, List<String> nodeArgs) throws Exception {
    Target t = launch(repoRoot, storeDir, log, nodeArgs);
    try {
      SideBySide.awaitPort(t);
      return t;
    } catch (IllegalStateException e) {
      t.process().destroyForcibly();
      throw new IllegalStateException(
          label
              + " did not start ("
              + e.getMessage()
              + ")"
              + (this == OURS
                  ? "; does './tributary node' take "
                      + String.join(" ", NODE_JETSTREAM_FLAGS)
                      + " DIR yet? '--only theirs' runs nats-server alone"
                  : "")
              + "; its output ends:\n"
              + tail(log),
          e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
