package io.tributary.dataplane.store;

import java.time.Duration;

/**
 * The limits a store enforces on every append, as a stream's config sets them ({@code -1}: no
 * limit). With {@link Discard#OLD} the oldest messages make room; with {@link Discard#NEW} the new
 * message is refused, except that a subject at {@code maxMsgsPerSubject} replaces its oldest unless
 * {@code discardNewPerSubject}.
 *
 * @param maxMsgs messages the stream keeps
 * @param maxBytes bytes the stream keeps (see {@link StoredMessage#size})
 * @param maxAge how long a message is kept, or null for ever
 * @param maxMsgsPerSubject messages kept per subject
 * @param maxMsgSize the largest message accepted
 */
public record StoreLimits(
    long maxMsgs,
    long maxBytes,
    Duration maxAge,
    long maxMsgsPerSubject,
    long maxMsgSize,
    Discard discard,
    boolean discardNewPerSubject) {

  /** What makes room when a limit is reached. */
  public enum Discard {
    OLD,
    NEW
  }

  public static final StoreLimits NONE = new StoreLimits(-1, -1, null, -1, -1, Discard.OLD, false);

  /** nats-server's accounting: subject (UTF-8), headers and payload bytes. */
  public static long sizeOf(String subject, byte[] headers, byte[] payload) {
    return utf8Length(subject) + (headers == null ? 0 : headers.length) + payload.length;
  }

  // Counted, not encoded: this runs for every message stored, and an encoded copy is garbage.
  // Equal to getBytes(UTF_8).length, which writes a lone surrogate as '?' (one byte).
  static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // four bytes for the pair's two chars
        i++;
      } else if (!Character.isSurrogate(c)) {
        bytes += 2;
      }
    }
    return bytes;
  }
}
