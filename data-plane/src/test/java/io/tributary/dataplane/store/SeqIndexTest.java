package io.tributary.dataplane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The index against a sorted map, across chunk growth, gaps, removals and resets. */
class SeqIndexTest {
  @Test
  void agreesWithASortedMapWhileItsChunksGrow() {
    Random random = new Random(7);
    for (long first : new long[] {1, 5, 4090, 4097, 1_000_000}) {
      SeqIndex index = new SeqIndex();
      TreeMap<Long, Integer> model = new TreeMap<>();
      index.reset(first);
      long seq = first;
      for (int n = 0; n < 12_000; n++) {
        seq += random.nextInt(50) == 0 ? 1 + random.nextInt(5_000) : 1; // now and then a gap
        int subject = random.nextInt(100);
        index.add(seq, subject, n, seq * 10, seq * 3, null);
        model.put(seq, subject);
        if (random.nextInt(3) == 0) {
          long victim = model.firstKey() + random.nextInt((int) Math.min(10_000, seq - first + 1));
          assertEquals(model.remove(victim) != null, index.remove(victim), "remove " + victim);
        }
      }
      for (long s = first; s <= seq + 2; s += 1 + random.nextInt(97)) {
        assertEquals(model.containsKey(s), index.has(s), "has " + s);
        if (model.containsKey(s)) {
          assertEquals(model.get(s), index.subject(s));
          assertEquals(s * 10, index.timestamp(s));
          assertEquals(s * 3, index.location(s));
        }
        assertEquals(model.tailMap(s).size(), index.countFrom(s), "count from " + s);
        Long next = model.ceilingKey(s);
        assertEquals(next == null ? 0 : next, index.firstAtOrAfter(s), "first at or after " + s);
      }
    }
  }

  @Test
  void aSmallStreamHoldsASmallChunk() {
    SeqIndex index = new SeqIndex();
    index.reset(1);
    for (long s = 1; s <= 3; s++) {
      index.add(s, 0, 1, 1, 1, "ref");
    }
    assertEquals(3, index.countFrom(1));
    assertEquals("ref", index.ref(3));
    index.add(4_000, 0, 1, 1, 1, "last slot of the first chunk");
    assertEquals("last slot of the first chunk", index.ref(4_000));
    assertEquals(4, index.countFrom(1));
    assertEquals(4_000, index.firstAtOrAfter(4));
  }
}
