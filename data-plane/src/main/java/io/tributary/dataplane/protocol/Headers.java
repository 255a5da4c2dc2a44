package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A NATS header block (ADR-4): {@code NATS/1.0[ <status>[ <description>]]\r\n}, then {@code Key:
 * value\r\n} lines, then {@code \r\n}. Keys keep their case and are looked up exactly, as
 * nats-server does for its own headers; a key may repeat, and its values keep their order. Keys are
 * printable ASCII without {@code :}; values have no CR or LF, and lose leading white space (it
 * cannot be told from the optional space after the colon). Immutable; build one with {@link
 * #builder} or {@link #parse} one.
 */
public final class Headers {
  private static final byte[] VERSION = "NATS/1.0".getBytes(StandardCharsets.US_ASCII);
  private static final Headers EMPTY = new Headers(0, "", Map.of());

  private final int status;
  private final String description;
  private final Map<String, List<String>> values;

  private Headers(int status, String description, Map<String, List<String>> values) {
    this.status = status;
    this.description = description;
    this.values = values;
  }

  /** A block with only a status line, such as no-responders' {@code NATS/1.0 503}. */
  public static Headers status(int code) {
    return builder().status(code, "").build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code length} bytes of {@code buf} from {@code offset}: exactly one header block,
   * ending with its blank line. A block that is not one is an {@link IllegalArgumentException} that
   * says what is wrong.
   */
  public static Headers parse(byte[] buf, int offset, int length) {
    int end = offset + length;
    if (length < VERSION.length + 4 || !startsWith(buf, offset, end)) {
      throw new IllegalArgumentException("header block does not start with NATS/1.0");
    }
    if (buf[end - 4] != '\r'
        || buf[end - 3] != '\n'
        || buf[end - 2] != '\r'
        || buf[end - 1] != '\n') {
      throw new IllegalArgumentException("header block does not end with an empty line");
    }
    int lineEnd = lineEnd(buf, offset, end);
    Builder b = builder();
    String first = ascii(buf, offset + VERSION.length, lineEnd);
    if (!first.isEmpty()) {
      if (first.charAt(0) != ' ') {
        throw new IllegalArgumentException("bad status line: NATS/1.0" + first);
      }
      String rest = first.strip();
      int space = rest.indexOf(' ');
      String code = space < 0 ? rest : rest.substring(0, space);
      if (code.length() != 3 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("bad status code: " + code);
      }
      b.status(Integer.parseInt(code), space < 0 ? "" : rest.substring(space + 1).strip());
    }
    int pos = lineEnd + 2;
    while (pos < end - 2) {
      int e = lineEnd(buf, pos, end);
      String line = new String(buf, pos, e - pos, StandardCharsets.UTF_8);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("header line without a key: " + line);
      }
      b.add(line.substring(0, colon), line.substring(colon + 1).stripLeading());
      pos = e + 2;
    }
    return b.build();
  }

  /** The status code, or 0 when the block has none. */
  public int status() {
    return status;
  }

  /** The status description, or "" when there is none. */
  public String description() {
    return description;
  }

  /** The keys, in the order they first appear. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** Every value of {@code key} (exact case), in order; empty if it is absent. */
  public List<String> values(String key) {
    return values.getOrDefault(key, List.of());
  }

  /** The first value of {@code key} (exact case), or null. */
  public String first(String key) {
    List<String> v = values.get(key);
    return v == null ? null : v.get(0);
  }

  public boolean isEmpty() {
    return status == 0 && values.isEmpty();
  }

  /** The block as it goes on the wire, blank line included. */
  public byte[] toBytes() {
    StringBuilder b = new StringBuilder("NATS/1.0");
    if (status != 0) {
      b.append(' ').append(status);
      if (!description.isEmpty()) {
        b.append(' ').append(description);
      }
    }
    b.append("\r\n");
    values.forEach((k, vs) -> vs.forEach(v -> b.append(k).append(": ").append(v).append("\r\n")));
    return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h
        && h.status == status
        && h.description.equals(description)
        && h.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode() * 31 + status;
  }

  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] buf, int offset, int end) {
    for (int i = 0; i < VERSION.length; i++) {
      if (offset + i >= end || buf[offset + i] != VERSION[i]) {
        return false;
      }
    }
    return true;
  }

  private static int lineEnd(byte[] buf, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("header line without CRLF");
  }

  private static String ascii(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.US_ASCII);
  }

  /** Builds a header block; keys and values are checked as they are added. */
  public static final class Builder {
    private int status;
    private String description = "";
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Builder() {}

    /** A status line: a three-digit code, and a description (may be empty). */
    public Builder status(int code, String description) {
      if (code < 100 || code > 999) {
        throw new IllegalArgumentException("status must have three digits: " + code);
      }
      if (hasLineBreak(description)) {
        throw new IllegalArgumentException("status description with a line break");
      }
      this.status = code;
      this.description = description.strip();
      return this;
    }

    /** Adds a value to {@code key}, after the values it already has. */
    public Builder add(String key, String value) {
      checkKey(key);
      if (hasLineBreak(value)) {
        throw new IllegalArgumentException("value of " + key + " has a line break");
      }
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value.stripLeading());
      return this;
    }

    /** Replaces every value of {@code key} with {@code value}. */
    public Builder set(String key, String value) {
      values.remove(key);
      return add(key, value);
    }

    public Headers build() {
      if (status == 0 && values.isEmpty()) {
        return EMPTY;
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new Headers(status, description, Collections.unmodifiableMap(copy));
    }

    private static void checkKey(String key) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException("empty header key");
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c <= ' ' || c > '~' || c == ':') {
          throw new IllegalArgumentException("header key with a bad character: " + key);
        }
      }
    }

    private static boolean hasLineBreak(String s) {
      return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }
  }
}
