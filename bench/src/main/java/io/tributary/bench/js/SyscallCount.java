package io.tributary.bench.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts a running process's fsync and fdatasync calls, all threads, with {@code strace -f -c}.
 * strace stops every thread at each of its system calls, so the server runs much slower while
 * counted: the count is the figure, not the rate.
 */
final class SyscallCount implements AutoCloseable {
  private final Process strace;
  private final Path log;

  private SyscallCount(long pid, Path log, List<String> syscalls) throws Exception {
    this.log = log;
    try {
      strace =
          new ProcessBuilder(
                  "strace",
                  "-f",
                  "-c",
                  "-e",
                  "trace=" + String.join(",", syscalls),
                  "-p",
                  String.valueOf(pid))
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
    return new SyscallCount(pid, log, List.of("fsync", "fdatasync"));
  }

  /** As {@link #attach(long, Path)}, counting the given system calls. */
  static SyscallCount attach(long pid, Path log, List<String> syscalls) throws Exception {
    return new SyscallCount(pid, log, syscalls);
  }

  /** Detaches (SIGTERM makes strace print its summary) and returns fsyncs plus fdatasyncs. */
  long stop() throws Exception {
    Map<String, Long> calls = stopCounts();
    return calls.getOrDefault("fsync", 0L) + calls.getOrDefault("fdatasync", 0L);
  }

  /** Detaches and returns the calls of each traced system call that was made at least once. */
  Map<String, Long> stopCounts() throws Exception {
    strace.destroy();
    if (!strace.waitFor(30, TimeUnit.SECONDS)) {
      strace.destroyForcibly();
      throw new IllegalStateException("strace did not stop");
    }
    return parse(Files.readAllLines(log));
  }

  /**
   * The calls per system call in {@code strace -f -c}'s output (a system call it never saw is
   * absent); fails unless strace said it detached, i.e. printed a complete summary.
   */
  static Map<String, Long> parse(List<String> output) {
    Map<String, Long> calls = new HashMap<>();
    boolean detached = false;
    for (String line : output) {
      // % time     seconds  usecs/call     calls    errors syscall; the errors column is blank when
      // there were none; strace prints no table at all when it counted nothing.
      String[] f = line.trim().split("\\s+");
      if (line.contains("detached")) {
        detached = true;
      } else if (f.length >= 5 && f[3].matches("[0-9]+") && !f[f.length - 1].equals("total")) {
        calls.merge(f[f.length - 1], Long.parseLong(f[3]), Long::sum);
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
