package io.tributary.bench.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts a running process's fsync and fdatasync calls, all threads, with {@code strace -f -c}.
 * strace stops every thread at each of its system calls, so the server runs much slower while
 * counted: the count is the figure, not the rate.
 */
final class SyscallCount implements AutoCloseable {
  private final Process strace;
  private final Path log;

  private SyscallCount(long pid, Path log) throws Exception {
    this.log = log;
    try {
      strace =
          new ProcessBuilder(
                  "strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-p", String.valueOf(pid))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("strace not found: apt-get install -y strace", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.readString(log).contains("attached")) {
      if (!strace.isAlive() || System.nanoTime() > deadline) {
        strace.destroyForcibly();
        throw new IllegalStateException(
            "strace did not attach to " + pid + ": " + Files.readString(log));
      }
      Thread.sleep(20);
    }
  }

  /**
   * Attaches to {@code pid} (strace's output goes to {@code log}); returns once strace traces every
   * thread.
   */
  static SyscallCount attach(long pid, Path log) throws Exception {
    return new SyscallCount(pid, log);
  }

  /** Detaches (SIGTERM makes strace print its summary) and returns fsyncs plus fdatasyncs. */
  long stop() throws Exception {
    strace.destroy();
    if (!strace.waitFor(30, TimeUnit.SECONDS)) {
      strace.destroyForcibly();
      throw new IllegalStateException("strace did not stop");
    }
    List<String> output = Files.readAllLines(log);
    long calls = 0;
    boolean detached = false;
    for (String line : output) {
      // % time     seconds  usecs/call     calls    errors syscall; strace prints no table at all
      // when it counted nothing.
      String[] f = line.trim().split("\\s+");
      if (line.contains("detached")) {
        detached = true;
      } else if (f.length >= 5
          && (f[f.length - 1].equals("fsync") || f[f.length - 1].equals("fdatasync"))) {
        calls += Long.parseLong(f[3]);
      }
    }
    if (!detached) {
      throw new IllegalStateException("strace did not detach cleanly: " + output);
    }
    return calls;
  }

  @Override
  public void close() {
    strace.destroyForcibly();
  }
}
