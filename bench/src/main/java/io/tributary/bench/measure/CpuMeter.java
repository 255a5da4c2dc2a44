package io.tributary.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * The CPU one run used: this JVM's (the jnats client: every thread, GC and JIT included), its
 * busiest thread's, the server processes' (one, or a cluster's nodes), and every other process's on
 * the machine (from /proc). A client thread near 100 % of a core means the figure is the client's
 * limit, not the server's; other processes' CPU means the machine was not quiet.
 */
public final class CpuMeter {
  /** A client thread above this share of one core is taken to be the bottleneck. */
  public static final double SATURATED = 0.9;

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * CPU over a run's wall time, in cores.
   *
   * @param clientCores this JVM, all threads
   * @param hottestShare the busiest client thread, as a share of one core
   * @param hottestThread that thread's name
   * @param serverCores the server processes together, all threads
   * @param otherCores every other process on the machine (including the other, idle server)
   * @param perServer each server process, in the order they were given
   */
  public record Usage(
      double clientCores,
      double hottestShare,
      String hottestThread,
      double serverCores,
      double otherCores,
      double[] perServer) {
    public boolean clientBound() {
      return hottestShare >= SATURATED;
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "client %.2f cores (busiest thread '%s' %.0f %% of a core), server %.2f, other"
              + " processes %.2f",
          clientCores,
          hottestThread,
          hottestShare * 100,
          serverCores,
          otherCores);
    }
  }

  private final long[] serverPids;
  private final long wall0 = System.nanoTime();
  private final long process0 = OS.getProcessCpuTime();
  private final long[] server0;
  private final long machine0 = ProcStats.machineBusyNanos();
  private final Map<Long, Long> threads0 = new HashMap<>();

  private CpuMeter(long[] serverPids) {
    this.serverPids = serverPids;
    this.server0 = new long[serverPids.length];
    for (int i = 0; i < serverPids.length; i++) {
      server0[i] = ProcStats.cpuNanos(serverPids[i]);
    }
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    for (int i = 0; i < ids.length; i++) {
      threads0.put(ids[i], Math.max(0, cpu[i]));
    }
  }

  /** Starts measuring now, for the given server processes. */
  public static CpuMeter start(long... serverPids) {
    return new CpuMeter(serverPids);
  }

  /** What was used since {@link #start}. */
  public Usage stop() {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    double wall = System.nanoTime() - wall0;
    long hottest = 0;
    long hottestId = -1;
    for (int i = 0; i < ids.length; i++) {
      // A thread started during the run used all its CPU time in it.
      long used = cpu[i] - threads0.getOrDefault(ids[i], 0L);
      if (cpu[i] >= 0 && used > hottest) {
        hottest = used;
        hottestId = ids[i];
      }
    }
    ThreadInfo info = hottestId < 0 ? null : THREADS.getThreadInfo(hottestId);
    double[] perServer = new double[serverPids.length];
    double server = 0;
    for (int i = 0; i < serverPids.length; i++) {
      long server1 = ProcStats.cpuNanos(serverPids[i]);
      perServer[i] = server0[i] < 0 || server1 < 0 ? Double.NaN : (server1 - server0[i]) / wall;
      server += perServer[i];
    }
    long machine1 = ProcStats.machineBusyNanos();
    double client = (OS.getProcessCpuTime() - process0) / wall;
    double machine = machine0 < 0 || machine1 < 0 ? Double.NaN : (machine1 - machine0) / wall;
    return new Usage(
        client,
        hottest / wall,
        info == null ? "?" : info.getThreadName(),
        server,
        // /proc/stat ticks at 10 ms: never below zero because of rounding.
        Math.max(0, machine - client - server),
        perServer);
  }
}
