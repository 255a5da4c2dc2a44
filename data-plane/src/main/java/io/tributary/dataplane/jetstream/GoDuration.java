package io.tributary.dataplane.jetstream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax ({@code 1h30m}, {@code 1.5s}, {@code 250ms}), as headers such as {@code
 * Nats-TTL} use it.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /** Nanoseconds; a text that is not a Go duration is {@code invalid per-message TTL}. */
  static long parse(String text) throws JsApiException {
    Matcher m = PART.matcher(text);
    int at = 0;
    double total = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double v = Double.parseDouble(m.group(1));
      total +=
          v
              * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      at = m.end();
    }
    if (at == 0 || at != text.length()) {
      throw JsError.JSMessageTTLInvalidErr.exception();
    }
    return (long) total;
  }

  /** Nanoseconds as Go prints a duration ({@code 5s}, {@code 1m30s}, {@code 250ms}). */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1_000 == 0) {
        return nanos / 1_000 + "µs";
      }
      return nanos + "ns";
    }
    StringBuilder b = new StringBuilder();
    long h = nanos / 3_600_000_000_000L;
    long m = nanos / 60_000_000_000L % 60;
    long s = nanos / 1_000_000_000L % 60;
    long frac = nanos % 1_000_000_000L;
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    b.append(s);
    if (frac > 0) {
      b.append('.').append(String.format("%09d", frac).replaceAll("0+$", ""));
    }
    return b.append('s').toString();
  }
}
