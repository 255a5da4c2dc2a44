package io.tributary.dataplane.store;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a file store fsyncs, and so when an append counts as durable:
 *
 * <ul>
 *   <li>{@code always} (the default): every batch of appends is synced before any of them is
 *       acknowledged; a power loss loses nothing acknowledged;
 *   <li>an interval ({@code 1s}, {@code 200ms}): appends are acknowledged once written to the
 *       operating system, and synced at most that long later; a power loss (not a process crash)
 *       can lose the acknowledged appends of the last interval — nats-server's model, with its
 *       default of two minutes;
 *   <li>{@code none}: never synced by the store (only at close); a power loss can lose everything
 *       the operating system had not written back.
 * </ul>
 *
 * @param interval null for {@code always}, {@link Duration#ZERO} never used; negative for {@code
 *     none}
 */
public record SyncPolicy(Duration interval) {
  public static final SyncPolicy ALWAYS = new SyncPolicy(null);
  public static final SyncPolicy NONE = new SyncPolicy(Duration.ofNanos(-1));
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  public boolean always() {
    return interval == null;
  }

  public boolean never() {
    return interval != null && interval.isNegative();
  }

  /** {@code always}, {@code none}, or an interval such as {@code 500ms}, {@code 1s}, {@code 2m}. */
  public static SyncPolicy parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("always")) {
      return ALWAYS;
    }
    if (t.equals("none") || t.equals("never")) {
      return NONE;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "sync is always, none or an interval such as 500ms, 1s or 2m, not " + text);
    }
    long n = Long.parseLong(m.group(1));
    return new SyncPolicy(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        });
  }

  @Override
  public String toString() {
    if (always()) {
      return "always";
    }
    if (never()) {
      return "none";
    }
    long ms = interval.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
