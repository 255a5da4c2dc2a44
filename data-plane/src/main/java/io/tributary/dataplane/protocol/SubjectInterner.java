package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns subject bytes into {@link InternedSubject}s, creating one per distinct subject instead of
 * one per message: a small direct-mapped cache keyed by the bytes' hash, checked byte for byte on a
 * hit. One per connection, not thread-safe.
 */
final class SubjectInterner {
  private static final int SLOTS = 256;
  private static final int MAX_CACHED_LENGTH = 256;
  private final InternedSubject[] slots = new InternedSubject[SLOTS];

  InternedSubject intern(byte[] a, int off, int len) {
    if (len > MAX_CACHED_LENGTH) {
      return create(a, off, len);
    }
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + a[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    InternedSubject cached = slots[slot];
    if (cached != null
        && cached.bytes().length == len
        && Arrays.equals(cached.bytes(), 0, len, a, off, off + len)) {
      return cached;
    }
    InternedSubject s = create(a, off, len);
    slots[slot] = s;
    return s;
  }

  private static InternedSubject create(byte[] a, int off, int len) {
    byte[] copy = Arrays.copyOfRange(a, off, off + len);
    return new InternedSubject(new String(copy, StandardCharsets.UTF_8), copy);
  }
}
