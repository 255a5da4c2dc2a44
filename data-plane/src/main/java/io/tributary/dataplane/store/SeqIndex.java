package io.tributary.dataplane.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each held sequence is, in chunks of primitive arrays (about 24 bytes a message, no object
 * per message): its subject id, size, timestamp and location (the file store's packed segment and
 * offset, or the memory store's message object). Sequences are appended in order; removed slots are
 * marked, and chunks that hold nothing any more at the front are dropped. The first chunk starts
 * small and grows as it fills, so a node with thousands of small streams (every Key/Value bucket is
 * one) does not hold a whole chunk for each. Not thread-safe: the store's lock guards it.
 */
final class SeqIndex {
  private static final int CHUNK = 4096;
  private static final int FIRST_CAPACITY = 16;
  private static final int ABSENT = -1;

  private static final class Chunk {
    int[] subject;
    int[] size;
    long[] timestamp;
    long[] location;
    Object[] refs; // memory store only
    int live;

    Chunk(int capacity) {
      subject = new int[capacity];
      size = new int[capacity];
      timestamp = new long[capacity];
      location = new long[capacity];
      Arrays.fill(subject, ABSENT);
    }

    // Slots at or past the capacity hold nothing.
    boolean holds(int i) {
      return i < subject.length && subject[i] != ABSENT;
    }

    void ensure(int i) {
      int capacity = subject.length;
      if (i < capacity) {
        return;
      }
      int grown = Math.min(CHUNK, Math.max(capacity * 2, Integer.highestOneBit(i) << 1));
      subject = Arrays.copyOf(subject, grown);
      Arrays.fill(subject, capacity, grown, ABSENT);
      size = Arrays.copyOf(size, grown);
      timestamp = Arrays.copyOf(timestamp, grown);
      location = Arrays.copyOf(location, grown);
      if (refs != null) {
        refs = Arrays.copyOf(refs, grown);
      }
    }
  }

  private final List<Chunk> chunks = new ArrayList<>();
  private long base = 1; // the sequence of chunk 0's slot 0
  private long next = 1; // the next sequence to be appended

  /** Starts a fresh index whose first sequence will be {@code first}. */
  void reset(long first) {
    chunks.clear();
    base = first - (first - 1) % CHUNK;
    next = first;
  }

  long nextSeq() {
    return next;
  }

  void add(long seq, int subject, int size, long timestamp, long location, Object ref) {
    if (seq < next) {
      throw new IllegalStateException("sequence " + seq + " after " + (next - 1));
    }
    next = seq + 1;
    int c = (int) ((seq - base) / CHUNK);
    while (chunks.size() <= c) {
      chunks.add(new Chunk(chunks.isEmpty() ? FIRST_CAPACITY : CHUNK));
    }
    Chunk chunk = chunks.get(c);
    int i = (int) ((seq - base) % CHUNK);
    chunk.ensure(i);
    chunk.subject[i] = subject;
    chunk.size[i] = size;
    chunk.timestamp[i] = timestamp;
    chunk.location[i] = location;
    if (ref != null) {
      if (chunk.refs == null) {
        chunk.refs = new Object[chunk.subject.length];
      }
      chunk.refs[i] = ref;
    }
    chunk.live++;
  }

  boolean has(long seq) {
    Chunk c = chunk(seq);
    return c != null && c.holds(slot(seq));
  }

  int subject(long seq) {
    return chunk(seq).subject[slot(seq)];
  }

  int size(long seq) {
    return chunk(seq).size[slot(seq)];
  }

  long timestamp(long seq) {
    return chunk(seq).timestamp[slot(seq)];
  }

  long location(long seq) {
    return chunk(seq).location[slot(seq)];
  }

  Object ref(long seq) {
    Chunk c = chunk(seq);
    return c.refs == null ? null : c.refs[slot(seq)];
  }

  /** Marks {@code seq} absent; false if it was not held. */
  boolean remove(long seq) {
    Chunk c = chunk(seq);
    int i = slot(seq);
    if (c == null || !c.holds(i)) {
      return false;
    }
    c.subject[i] = ABSENT;
    if (c.refs != null) {
      c.refs[i] = null;
    }
    c.live--;
    while (!chunks.isEmpty() && chunks.get(0).live == 0 && base + CHUNK <= next) {
      chunks.remove(0);
      base += CHUNK;
    }
    return true;
  }

  /**
   * How many sequences at or after {@code from} are held: the live counts of the chunks after its
   * own, and a walk of the rest of its chunk (at most one chunk's slots).
   */
  long countFrom(long from) {
    long seq = Math.max(from, base);
    if (seq >= next) {
      return 0;
    }
    int c = (int) ((seq - base) / CHUNK);
    long n = 0;
    for (int i = c + 1; i < chunks.size(); i++) {
      n += chunks.get(i).live;
    }
    Chunk chunk = c < chunks.size() ? chunks.get(c) : null;
    if (chunk != null && chunk.live > 0) {
      int end = (int) Math.min(chunk.subject.length, next - (base + (long) c * CHUNK));
      for (int i = slot(seq); i < end; i++) {
        if (chunk.subject[i] != ABSENT) {
          n++;
        }
      }
    }
    return n;
  }

  /** The first held sequence at or after {@code from}, or 0. */
  long firstAtOrAfter(long from) {
    long seq = Math.max(from, base);
    while (seq < next) {
      Chunk c = chunk(seq);
      if (c == null || c.live == 0 || slot(seq) >= c.subject.length) {
        seq = seq - slot(seq) + CHUNK; // skip an empty chunk, or the rest of a small one
        continue;
      }
      if (c.holds(slot(seq))) {
        return seq;
      }
      seq++;
    }
    return 0;
  }

  // Null where nothing is held: outside [base, next), or a chunk not allocated (after a reset).
  private Chunk chunk(long seq) {
    if (seq < base || seq >= next) {
      return null;
    }
    int c = (int) ((seq - base) / CHUNK);
    return c < chunks.size() ? chunks.get(c) : null;
  }

  private int slot(long seq) {
    return (int) ((seq - base) % CHUNK);
  }
}
