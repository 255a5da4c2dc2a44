package io.tributary.auth.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.tributary.auth.claims.TimeRange;

/**
 * A user's daily connect windows ({@code times} in {@code times_location}), as nats-server checks
 * them: each range is placed on today's date, {@code start < now < end} is strict, and a range
 * whose start is after its end crosses midnight. Of the windows that contain now, the latest end is
 * when the connection must close.
 */
public final class ConnectTimes {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private ConnectTimes() {}

  /** Parses {@code HH:MM:SS}, or returns null. */
  public static LocalTime parseClock(String s) {
    if (s == null || s.length() != 8) {
      return null;
    }
    try {
      return LocalTime.parse(s, CLOCK);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The zone for {@code times_location}: empty means the system zone; null if the name is unknown.
   */
  public static ZoneId zone(String location) {
    if (location == null || location.isEmpty()) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(location);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The end of the current window with the latest end, or empty if {@code now} is in no window.
   * Ranges that do not parse are skipped (validation reports them).
   */
  public static Optional<Instant> currentWindowEnd(
      List<TimeRange> times, ZoneId zone, Instant now) {
    ZonedDateTime current = now.atZone(zone);
    LocalDate today = current.toLocalDate();
    Instant best = null;
    for (TimeRange r : times) {
      LocalTime start = parseClock(r.start);
      LocalTime end = parseClock(r.end);
      if (start == null || end == null) {
        continue;
      }
      ZonedDateTime s = today.atTime(start).atZone(zone);
      ZonedDateTime e = today.atTime(end).atZone(zone);
      Instant windowEnd = null;
      if (s.isAfter(e)) {
        // Crosses midnight: either in the part before today's end, or after today's start until
        // tomorrow's end.
        if (current.isBefore(e)) {
          windowEnd = e.toInstant();
        } else if (current.isAfter(s)) {
          windowEnd = e.plusDays(1).toInstant();
        }
      } else if (current.isAfter(s) && current.isBefore(e)) {
        windowEnd = e.toInstant();
      }
      if (windowEnd != null && (best == null || windowEnd.isAfter(best))) {
        best = windowEnd;
      }
    }
    return Optional.ofNullable(best);
  }
}
