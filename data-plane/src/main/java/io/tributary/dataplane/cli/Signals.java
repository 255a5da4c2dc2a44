package io.tributary.dataplane.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.tributary.dataplane.log.NodeLog;

import sun.misc.Signal;

/**
 * nats-server's signals, both ways: {@code --signal NAME[=PID]} sends one to a running node (the
 * pid given, or the one in the pid file), and a running node answers the ones it does not act on
 * yet with a log line instead of dying — the JVM's default for SIGHUP is to exit, and scripts send
 * it to nats-server to reload its configuration.
 */
final class Signals {
  /** nats-server's names for its signals. */
  private static final Map<String, String> NAMES =
      Map.of(
          "stop", "KILL",
          "quit", "INT",
          "term", "TERM",
          "reopen", "USR1",
          "reload", "HUP",
          "ldm", "USR2");

  private Signals() {}

  /**
   * Sends {@code spec} ({@code stop}, {@code quit}, {@code term}, {@code reopen}, {@code reload},
   * {@code ldm}, optionally {@code =PID}) to a node; {@code pidFile} is where to find the pid when
   * none is given. Returns an error message, or null when sent.
   */
  static String send(String spec, Path pidFile) {
    String[] parts = spec.split("=", 2);
    String signal = NAMES.get(parts[0].toLowerCase(Locale.ROOT));
    if (signal == null) {
      return "unknown signal '" + parts[0] + "' (stop, quit, term, reopen, reload, ldm)";
    }
    String pid;
    try {
      pid =
          parts.length == 2
              ? parts[1].strip()
              : pidFile == null ? null : Files.readString(pidFile).strip();
    } catch (IOException e) {
      return "cannot read the pid file " + pidFile + ": " + e.getMessage();
    }
    if (pid == null || !pid.matches("\\d+")) {
      return "which node? give --signal " + parts[0] + "=PID, or -P with the node's pid file";
    }
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, pid).inheritIO().start();
      return kill.waitFor() == 0 ? null : "could not signal process " + pid;
    } catch (IOException e) {
      return "could not signal process " + pid + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Makes a running node reload its configuration on SIGHUP (the JVM would otherwise exit), enter
   * lame-duck mode on SIGUSR2, and log the signals it does not act on yet instead of exiting.
   */
  static void install(Runnable reload, Runnable lameDuck) {
    Signal.handle(new Signal("HUP"), s -> reload.run());
    try {
      Signal.handle(new Signal("USR2"), s -> lameDuck.run());
    } catch (IllegalArgumentException notOnThisPlatform) {
      // the JVM reserves it here: lame-duck mode only through --signal on other platforms
    }
    Map.of("USR1", "log file reopen (SIGUSR1) is not supported yet; the node keeps running")
        .forEach(
            (name, message) -> {
              try {
                Signal.handle(new Signal(name), s -> NodeLog.warn(message));
              } catch (IllegalArgumentException notOnThisPlatform) {
                // the JVM reserves it here: nothing to answer
              }
            });
  }
}
