package io.tributary.dataplane.store;

/**
 * A message as a stream holds it.
 *
 * @param seq its sequence in the stream (from 1)
 * @param subject the subject it was published on
 * @param headers its header block, or null
 * @param payload its payload (may be empty)
 * @param timestamp when the stream stored it, in nanoseconds since the epoch
 */
public record StoredMessage(
    long seq, String subject, byte[] headers, byte[] payload, long timestamp) {
  /** Bytes it counts for against {@code max_bytes}: subject, headers and payload. */
  public long size() {
    return StoreLimits.sizeOf(subject, headers, payload);
  }
}
