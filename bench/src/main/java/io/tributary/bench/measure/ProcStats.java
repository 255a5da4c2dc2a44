package io.tributary.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What Linux's /proc says about another process: resident memory, threads and CPU time. */
public final class ProcStats {
  // /proc/<pid>/stat counts in clock ticks; USER_HZ is 100 on every Linux build we run on.
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcStats() {}

  /** The process's resident memory now (VmRSS), or -1 if it is gone. */
  public static long rssBytes(long pid) {
    long kb = statusField(pid, "VmRSS:");
    return kb < 0 ? -1 : kb * 1024;
  }

  /** The process's threads now, or -1 if it is gone. */
  public static int threads(long pid) {
    return (int) statusField(pid, "Threads:");
  }

  // A number from /proc/<pid>/status, or -1.
  private static long statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException gone) {
      return -1;
    }
    return -1;
  }

  /** CPU time (user + system, all threads) the process has used so far, or -1 if it is gone. */
  public static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }

  /** CPU time every process on the machine has used since boot (all cores), or -1. */
  public static long machineBusyNanos() {
    try {
      // cpu  user nice system idle iowait irq softirq steal ...: all but idle and iowait is busy.
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Samples the resident memory (VmRSS) of some processes every 50 ms on a daemon thread and keeps
   * each one's peak.
   */
  public static final class RssPeak implements AutoCloseable {
    private final Map<Long, Long> peak = new ConcurrentHashMap<>();
    private final Thread sampler;

    public RssPeak(Collection<Long> pids) {
      sampler =
          Thread.ofPlatform()
              .daemon()
              .name("bench-rss")
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      for (long pid : pids) {
                        peak.merge(pid, rssBytes(pid), Math::max);
                      }
                      try {
                        Thread.sleep(50);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    /** The highest VmRSS seen for {@code pid}, or -1. */
    public long peakBytes(long pid) {
      peak.merge(pid, rssBytes(pid), Math::max);
      return peak.getOrDefault(pid, -1L);
    }

    @Override
    public void close() throws InterruptedException {
      sampler.interrupt();
      sampler.join();
    }
  }
}
