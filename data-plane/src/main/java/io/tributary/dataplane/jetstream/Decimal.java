package io.tributary.dataplane.jetstream;

/**
 * Non-negative decimals written straight into byte arrays: the hot replies and subjects (a PubAck,
 * an ack subject) are built as bytes at once, since a string built and encoded per message is
 * garbage the publish path cannot afford.
 */
final class Decimal {
  private Decimal() {}

  /** The number of digits of {@code v} (at least 1). */
  static int digits(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  /** Writes {@code v} at {@code at}; returns the index after its last digit. */
  static int write(byte[] b, int at, long v) {
    int end = at + digits(v);
    for (int j = end - 1; j >= at; j--) {
      b[j] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }

  /** {@code prefix}, then {@code v}, then {@code suffix}. */
  static byte[] between(byte[] prefix, long v, byte suffix) {
    byte[] b = new byte[prefix.length + digits(v) + 1];
    System.arraycopy(prefix, 0, b, 0, prefix.length);
    b[write(b, prefix.length, v)] = suffix;
    return b;
  }
}
