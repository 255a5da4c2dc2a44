package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Turns subject bytes into Strings, creating one String per distinct subject instead of one per
 * message: a small direct-mapped cache keyed by the bytes' hash, checked byte for byte on a hit.
 * One per connection, not thread-safe.
 */
final class SubjectInterner {
  private static final int SLOTS = 256;
  private static final int MAX_CACHED_LENGTH = 256;
  private final String[] strings = new String[SLOTS];
  private final byte[][] bytes = new byte[SLOTS][];

  String intern(ByteBuf buf, int off, int len) {
    if (len > MAX_CACHED_LENGTH) {
      return buf.toString(off, len, StandardCharsets.UTF_8);
    }
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf.getByte(i);
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    byte[] cached = bytes[slot];
    if (cached != null && cached.length == len && sameBytes(cached, buf, off)) {
      return strings[slot];
    }
    byte[] copy = new byte[len];
    buf.getBytes(off, copy);
    String s = new String(copy, StandardCharsets.UTF_8);
    bytes[slot] = copy;
    strings[slot] = s;
    return s;
  }

  private static boolean sameBytes(byte[] cached, ByteBuf buf, int off) {
    for (int i = 0; i < cached.length; i++) {
      if (cached[i] != buf.getByte(off + i)) {
        return false;
      }
    }
    return true;
  }
}
