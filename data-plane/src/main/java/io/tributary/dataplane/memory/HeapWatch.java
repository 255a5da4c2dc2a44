package io.tributary.dataplane.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * How full the heap is after each garbage collection: what is live, not what is waiting to be
 * collected. A node whose heap stays above {@link #UNHEALTHY} after collections is about to run out
 * of memory (the JVM then exits, {@code -XX:+ExitOnOutOfMemoryError}), so {@code /healthz} reports
 * it first and a supervisor or load balancer can act before the exit.
 */
public final class HeapWatch {
  /** Share of the maximum heap still in use after a collection that makes the node unhealthy. */
  public static final double UNHEALTHY = 0.9;

  private static final HeapWatch INSTANCE = new HeapWatch();

  private volatile long usedAfterGc;

  private HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                record(
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                        .getGcInfo()
                        .getMemoryUsageAfterGc());
              }
            },
            null,
            null);
      }
    }
  }

  /** The JVM's watch (collections are the JVM's, so there is one). */
  public static HeapWatch get() {
    return INSTANCE;
  }

  private void record(Map<String, MemoryUsage> afterGc) {
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = afterGc.get(pool.getName());
      if (u != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
        used += u.getUsed();
      }
    }
    usedAfterGc = used;
  }

  /** Heap bytes in use after the last collection (0 before the first). */
  public long usedAfterGc() {
    return usedAfterGc;
  }

  /** What is wrong with the heap now, or null. */
  public String problem() {
    return problem(usedAfterGc, Runtime.getRuntime().maxMemory());
  }

  static String problem(long used, long max) {
    if (used > max * UNHEALTHY) {
      return String.format(
          "heap nearly exhausted: %d of %d MB still in use after garbage collection",
          used >> 20, max >> 20);
    }
    return null;
  }
}
