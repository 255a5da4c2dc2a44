package io.tributary.dataplane.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per lifecycle event on stderr: {@code <UTC timestamp> <LEVEL> <message>}. Not
 * java.util.logging, whose shutdown hook resets its handlers and so loses the last lines a node
 * writes while it stops.
 */
public final class NodeLog {
  private NodeLog() {}

  public static void info(String message) {
    write("INFO", message);
  }

  public static void warn(String message) {
    write("WARN", message);
  }

  private static void write(String level, String message) {
    System.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
  }
}
