package io.tributary.operator;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting in the ITs for what the operator does in the background. */
final class Await {
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private Await() {}

  /**
   * The first non-null answer within 20 s; otherwise an error with {@code state}, what the test was
   * looking at.
   */
  static <T> T eventually(ThrowingSupplier<T> what, Supplier<String> state) throws Exception {
    return eventually(WITHIN, what, state);
  }

  /** The first non-null answer {@code within}; otherwise an error with {@code state}. */
  static <T> T eventually(Duration within, ThrowingSupplier<T> what, Supplier<String> state)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        T v = what.get();
        if (v != null) {
          return v;
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within " + within.toSeconds() + " s; " + state.get(), last);
  }

  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }
}
