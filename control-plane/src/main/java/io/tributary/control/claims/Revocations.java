package io.tributary.control.claims;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revocations as NATS reads them: a key revoked at Unix second {@code t} invalidates every JWT of
 * that key issued at or before {@code t} — the whole second. So a JWT issued in the revocation's
 * own second would be born revoked, and issuing waits for the next one ({@link Issuing}).
 */
public final class Revocations {
  private Revocations() {}

  /** {@code revocations} with {@code key} revoked now (a new map, so that Hibernate sees it). */
  public static Map<String, Long> with(Map<String, Long> revocations, String key) {
    TreeMap<String, Long> out = new TreeMap<>(revocations);
    out.merge(key, Instant.now().getEpochSecond(), Math::max);
    return out;
  }

  /** True if a JWT issued now would not be covered by a revocation at {@code revokedAt}. */
  public static boolean isPast(Long revokedAt) {
    return revokedAt == null || Instant.now().getEpochSecond() > revokedAt;
  }

  /** Waits until the second after {@code revokedAt} (see {@link Issuing}: between transactions). */
  static void awaitPast(Long revokedAt) {
    while (!isPast(revokedAt)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
