package io.tributary.control.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** For tests that run the service (or the whole stack) as processes: their output. */
public final class Processes {
  private Processes() {}

  /** What a process wrote to {@code file} so far, for assertion messages. */
  public static String output(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output in " + file + ")";
    }
  }
}
