package io.tributary.control.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When to try again an account some node has not taken: 0.5 s after the first failure, doubling to
 * 60 s; at once for a newer change (a higher outbox id) or after {@link #clear} (a node came back).
 * Only the push worker's thread uses it.
 */
final class PushBackoff {
  private static final long FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** How often in a row the account failed, when to try again, and up to which outbox row. */
  private record Wait(int failures, long next, long upTo) {}

  private final Map<String, Wait> waits = new HashMap<>();

  /** True if the account's rows up to {@code upTo} should be tried at {@code now} (nanos). */
  boolean isDue(String key, long upTo, long now) {
    Wait w = waits.get(key);
    return w == null || now - w.next() >= 0 || upTo != w.upTo();
  }

  void succeeded(String key) {
    waits.remove(key);
  }

  void failed(String key, long upTo, long now) {
    Wait w = waits.get(key);
    int failures = w == null ? 1 : w.failures() + 1;
    long wait = Math.min(MAX_NANOS, FIRST_NANOS << Math.min(failures - 1, 16));
    waits.put(key, new Wait(failures, now + wait, upTo));
  }

  void clear() {
    waits.clear();
  }
}
