package io.tributary.dataplane.store;

import java.nio.charset.StandardCharsets;
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

  /** nats-server's accounting: subject, headers and payload bytes. */
  static long sizeOf(String subject, byte[] headers, byte[] payload) {
    return subject.getBytes(StandardCharsets.UTF_8).length
        + (headers == null ? 0 : headers.length)
        + payload.length;
  }
}
