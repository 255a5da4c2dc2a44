package io.tributary.dataplane.jetstream;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the epoch, the unit of stored timestamps. */
final class Clock {
  private Clock() {}

  static long now() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
