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
}
