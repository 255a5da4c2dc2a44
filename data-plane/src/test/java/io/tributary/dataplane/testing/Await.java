package io.tributary.dataplane.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for what happens asynchronously (routes forming, interest arriving). */
public final class Await {
  private Await() {}

  /**
   * Polls {@code condition} every 20 ms; an AssertionError naming {@code what} after {@code
   * timeout}.
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
