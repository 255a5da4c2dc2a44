package io.tributary.dataplane.account;

import java.util.ArrayList;
import java.util.List;

/**
 * Defers the socket flushes that deliveries schedule until a run of deliveries on one thread ends:
 * a JetStream consumer delivering hundreds of messages from its own thread then wakes each
 * receiver's event loop once, not once per few messages (a wake-up is a system call on the
 * delivering thread and a context switch on a small machine).
 */
public final class DeliveryBatch {
  private static final ThreadLocal<List<Runnable>> OPEN = new ThreadLocal<>();

  private DeliveryBatch() {}

  /** Runs {@code deliveries}; the flushes they schedule run when it returns (or throws). */
  public static void run(Runnable deliveries) {
    if (OPEN.get() != null) {
      deliveries.run();
      return;
    }
    List<Runnable> flushes = new ArrayList<>();
    OPEN.set(flushes);
    try {
      deliveries.run();
    } finally {
      OPEN.remove();
      for (Runnable f : flushes) {
        f.run();
      }
    }
  }

  /**
   * For a receiver about to schedule a flush: true if a batch is open on this thread and took
   * {@code schedule} to run at its end.
   */
  public static boolean defer(Runnable schedule) {
    List<Runnable> flushes = OPEN.get();
    if (flushes == null) {
      return false;
    }
    flushes.add(schedule);
    return true;
  }
}
