package io.tributary.control.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** For tests that run the service (or the whole stack) as processes: ports and their output. */
public final class Processes {
  private Processes() {}

  /** A loopback port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** What a process wrote to {@code file} so far, for assertion messages. */
  public static String output(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output in " + file + ")";
    }
  }
}
