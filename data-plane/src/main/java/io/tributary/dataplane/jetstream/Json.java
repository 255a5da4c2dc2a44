package io.tributary.dataplane.jetstream;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON as the JetStream API writes it: Go's field names and Go's RFC 3339 times. */
final class Json {
  /** Lenient, as nats-server outside strict mode: unknown fields are accepted. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Go's zero time, which nats-server writes for "never". */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private Json() {}

  /** A parse error in one line, without the parser's location dump. */
  static String describe(java.io.IOException e) {
    String m =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException j
            ? j.getOriginalMessage()
            : e.getMessage();
    m = String.valueOf(m);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Nanoseconds since the epoch as Go's RFC3339Nano (trailing zeros of the fraction dropped). */
  static String time(long nanos) {
    if (nanos == 0) {
      return ZERO_TIME;
    }
    Instant t =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    String s = t.toString(); // ISO-8601 with 0, 3, 6 or 9 fraction digits
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String fraction = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
  }

  /** An RFC 3339 time as nanoseconds since the epoch; Go's zero time is 0. */
  static long parseTime(String text) throws JsApiException {
    if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
      return 0;
    }
    try {
      Instant t = java.time.OffsetDateTime.parse(text).toInstant();
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      throw JsError.JSInvalidJSONErr.exception("invalid time " + text);
    }
  }
}
