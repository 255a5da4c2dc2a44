package io.tributary.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./tributary up|status|down} on one data directory, run as a user runs them: the
 * repository's launcher as a process, its output kept. The launcher uses the jars as Maven just
 * built them ({@code TRIBUTARY_NO_BUILD=1}): a test never builds.
 */
final class StackCommands {
  /** What one command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output, Duration took) {}

  static final Path ROOT = repositoryRoot();

  final Path dataDir;
  private final Path outputs;
  private final List<String> transcript = new ArrayList<>();

  StackCommands(Path dataDir) throws IOException {
    this.dataDir = dataDir.toRealPath();
    this.outputs = Files.createTempDirectory("tributary-stack-out");
  }

  /**
   * Runs {@code ./tributary ARGS... --data-dir DATA}; fails if it does not end within {@code
   * within}.
   */
  Result run(Duration within, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("tributary").toString());
    command.addAll(List.of(args));
    command.add("--data-dir");
    command.add(dataDir.toString());
    Path out = outputs.resolve("out-" + transcript.size() + ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = pb.environment();
    env.put("TRIBUTARY_NO_BUILD", "1");
    env.put("TRIBUTARY_ADMIN_PASSWORD", "stack-it-admin-password");
    env.remove("QUARKUS_DATASOURCE_JDBC_URL");
    env.remove("TRIBUTARY_UP_STARTED");
    long started = System.nanoTime();
    try {
      Process p = pb.start();
      if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", args) + " did not end within " + within + ":\n" + read(out));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      Result r = new Result(p.exitValue(), read(out), took);
      transcript.add(
          "$ tributary "
              + String.join(" ", args)
              + "   (exit "
              + r.exitCode()
              + ", "
              + took.toMillis()
              + " ms)\n"
              + r.output());
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The processes whose command line names the data directory: up's supervisor, the control plane,
   * the node, PostgreSQL.
   */
  List<ProcessHandle> processes() {
    String dir = dataDir.toString();
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.info().commandLine().orElse("").contains(dir))
        .toList();
  }

  static String describe(List<ProcessHandle> processes) {
    StringBuilder b = new StringBuilder();
    for (ProcessHandle p : processes) {
      b.append(p.pid()).append(' ').append(p.info().commandLine().orElse("?")).append('\n');
    }
    return b.toString();
  }

  /** The commands run so far with their output, and the tails of the stack's logs: for failures. */
  String transcript() {
    StringBuilder b = new StringBuilder("\n").append(String.join("\n", transcript));
    for (String log : List.of("up.log", "control-plane.log", "node.log")) {
      Path file = dataDir.resolve("logs").resolve(log);
      if (Files.exists(file)) {
        List<String> lines = read(file).lines().toList();
        b.append("\n--- ").append(file).append(" (last 40 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> b.append(l).append('\n'));
      }
    }
    return b.toString();
  }

  /**
   * Stops whatever runs on the data directory ({@code down}, then SIGKILL for anything left) and
   * deletes it. Safe to call whatever state a failed test left.
   */
  void cleanUp() {
    try {
      if (!processes().isEmpty()) {
        run(Duration.ofMinutes(3), "down");
      }
    } catch (RuntimeException | AssertionError e) {
      System.err.println("stack test clean-up: down failed: " + e);
    }
    for (ProcessHandle p : processes()) {
      System.err.println("stack test clean-up: killing " + describe(List.of(p)));
      p.destroyForcibly();
      p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
    }
    deleteTree(dataDir);
    deleteTree(outputs);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  // a file a dying process still writes: left in the temporary directory
                }
              });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("stack test clean-up: could not delete " + dir + ": " + e);
    }
  }

  /** The directory holding the launcher, from the module's working directory upwards. */
  private static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("tributary")) && Files.exists(d.resolve("scripts/up.sh"))) {
        return d;
      }
    }
    throw new IllegalStateException("no ./tributary above " + Path.of("").toAbsolutePath());
  }
}
