package io.tributary.dataplane.jetstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * What a consumer has delivered and not yet had acknowledged: per stream sequence its consumer
 * sequence, delivery count and ack deadline; the messages due for redelivery (lowest sequence
 * first); the ack floor. Time is passed in (monotonic nanoseconds), never read, so redelivery
 * timing is tested with a clock the test moves. Not thread-safe: its consumer's lock guards it.
 */
final class AckTracker {
  /** One delivered, unacknowledged message. */
  static final class Pending {
    final long streamSeq;
    long consumerSeq;
    long deliveries;
    long deadline; // monotonic nanos; Long.MAX_VALUE while queued for redelivery
    long version; // which deadline entry in the timer queue is current
    boolean gone; // acknowledged or dropped: no longer pending

    Pending(long streamSeq) {
      this.streamSeq = streamSeq;
    }
  }

  private record Timer(long deadline, long streamSeq, long version) {}

  /** What expired: to redeliver, and those that reached max deliveries (dropped, advised). */
  record Expired(List<Long> redeliver, List<Pending> exhausted) {}

  private final PendingSet pending = new PendingSet();
  private final TreeSet<Long> redeliver = new TreeSet<>();
  // Deadlines in the order they were set when that is also their time order (deliveries with one
  // ack wait: the common case, no heap work); the others (naks with a delay, backoff) in a heap.
  private final ArrayDeque<Timer> inOrder = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(
          (a, b) ->
              a.deadline != b.deadline
                  ? Long.compare(a.deadline, b.deadline)
                  : Long.compare(a.streamSeq, b.streamSeq));
  private long redelivered; // pending messages delivered more than once

  // The highest contiguous acknowledged pair.
  private long floorStream;
  private long floorConsumer;

  /** Starts from a recovered floor. */
  void floor(long consumerSeq, long streamSeq) {
    floorConsumer = consumerSeq;
    floorStream = streamSeq;
  }

  long floorStream() {
    return floorStream;
  }

  long floorConsumer() {
    return floorConsumer;
  }

  int size() {
    return pending.size();
  }

  long redelivered() {
    return redelivered;
  }

  Pending get(long streamSeq) {
    return pending.get(streamSeq);
  }

  /** Every pending message, lowest stream sequence first. */
  List<Pending> all() {
    return pending.inOrder();
  }

  /**
   * A delivery (first or again) of {@code streamSeq} as {@code consumerSeq}, waiting {@code wait}.
   */
  Pending delivered(long streamSeq, long consumerSeq, long now, long wait) {
    Pending p = pending.get(streamSeq);
    if (p == null) {
      p = new Pending(streamSeq);
      pending.add(p);
    }
    if (!redeliver.isEmpty()) {
      redeliver.remove(streamSeq);
    }
    p.consumerSeq = consumerSeq;
    p.deliveries++;
    if (p.deliveries == 2) {
      redelivered++;
    }
    arm(p, now + wait);
    return p;
  }

  /** A recovered pending message: delivered {@code deliveries} times, its wait restarted. */
  void restore(long streamSeq, long consumerSeq, long deliveries, long deadline) {
    Pending p = new Pending(streamSeq);
    p.consumerSeq = consumerSeq;
    p.deliveries = deliveries;
    if (deliveries > 1) {
      redelivered++;
    }
    pending.add(p);
    arm(p, deadline);
  }

  /** An acknowledgement of one message; false if it was not pending. */
  boolean ack(long streamSeq, long lastDeliveredStream, long lastDeliveredConsumer) {
    Pending p = pending.remove(streamSeq);
    if (p == null) {
      return false;
    }
    dropped(p);
    advanceFloor(lastDeliveredStream, lastDeliveredConsumer);
    return true;
  }

  /** Ack-all: everything pending up to {@code streamSeq}; returns their stream sequences. */
  List<Long> ackUpTo(long streamSeq, long lastDeliveredStream, long lastDeliveredConsumer) {
    List<Long> acked = new ArrayList<>();
    for (Pending p : pending.upTo(streamSeq)) {
      pending.remove(p.streamSeq);
      dropped(p);
      acked.add(p.streamSeq);
    }
    advanceFloor(lastDeliveredStream, lastDeliveredConsumer);
    return acked;
  }

  /** A {@code -NAK}: redeliver after {@code delay} (0: at once). False if not pending. */
  boolean nak(long streamSeq, long now, long delay) {
    Pending p = pending.get(streamSeq);
    if (p == null) {
      return false;
    }
    if (delay <= 0) {
      p.version++;
      p.deadline = Long.MAX_VALUE;
      redeliver.add(streamSeq);
    } else {
      redeliver.remove(streamSeq); // a delay after an earlier NAK without one: the delay counts
      arm(p, now + delay);
    }
    return true;
  }

  /** A {@code +WPI}: the wait starts again. False if not pending. */
  boolean progress(long streamSeq, long now, long wait) {
    Pending p = pending.get(streamSeq);
    if (p == null || redeliver.contains(streamSeq)) {
      return false;
    }
    arm(p, now + wait);
    return true;
  }

  /**
   * Moves what is past its deadline at {@code now} to the redelivery queue, or, once delivered
   * {@code maxDeliver} times (-1: no limit), drops it.
   */
  Expired expire(long now, long maxDeliver, long lastDeliveredStream, long lastDeliveredConsumer) {
    List<Long> again = new ArrayList<>();
    List<Pending> exhausted = new ArrayList<>();
    Timer t;
    while ((t = earliest()) != null && t.deadline <= now) {
      pollEarliest();
      Pending p = pending.get(t.streamSeq);
      if (p == null || p.version != t.version) {
        continue; // acknowledged or re-armed since
      }
      if (maxDeliver > 0 && p.deliveries >= maxDeliver) {
        pending.remove(p.streamSeq);
        dropped(p);
        exhausted.add(p);
        continue;
      }
      p.deadline = Long.MAX_VALUE;
      redeliver.add(p.streamSeq);
      again.add(p.streamSeq);
    }
    if (!exhausted.isEmpty()) {
      advanceFloor(lastDeliveredStream, lastDeliveredConsumer);
    }
    return new Expired(again, exhausted);
  }

  /** Drops a pending message without redelivery (it left the stream, or {@code +TERM}). */
  Pending drop(long streamSeq, long lastDeliveredStream, long lastDeliveredConsumer) {
    Pending p = pending.remove(streamSeq);
    if (p != null) {
      dropped(p);
      advanceFloor(lastDeliveredStream, lastDeliveredConsumer);
    }
    return p;
  }

  /** The next message due for redelivery (lowest sequence), or 0; it stays queued. */
  long nextRedelivery() {
    return redeliver.isEmpty() ? 0 : redeliver.first();
  }

  int redeliveryQueued() {
    return redeliver.size();
  }

  /** The earliest ack deadline, or {@link Long#MAX_VALUE}. */
  long nextDeadline() {
    Timer t;
    while ((t = earliest()) != null) {
      Pending p = pending.get(t.streamSeq);
      if (p != null && p.version == t.version) {
        return t.deadline;
      }
      pollEarliest();
    }
    return Long.MAX_VALUE;
  }

  private Timer earliest() {
    Timer a = inOrder.peekFirst();
    Timer b = timers.peek();
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.deadline < a.deadline ? b : a;
  }

  private void pollEarliest() {
    Timer a = inOrder.peekFirst();
    Timer b = timers.peek();
    if (a != null && (b == null || a.deadline <= b.deadline)) {
      inOrder.pollFirst();
    } else {
      timers.poll();
    }
  }

  private void arm(Pending p, long deadline) {
    p.version++;
    p.deadline = deadline;
    Timer t = new Timer(deadline, p.streamSeq, p.version);
    Timer last = inOrder.peekLast();
    if (last == null || last.deadline <= deadline) {
      inOrder.addLast(t);
    } else {
      timers.add(t);
    }
  }

  private void dropped(Pending p) {
    p.version++;
    if (!redeliver.isEmpty()) {
      redeliver.remove(p.streamSeq);
    }
    if (p.deliveries > 1) {
      redelivered--;
    }
  }

  // The floor is just below the lowest pending message, or the last delivery when none is pending.
  private void advanceFloor(long lastDeliveredStream, long lastDeliveredConsumer) {
    if (pending.isEmpty()) {
      floorStream = Math.max(floorStream, lastDeliveredStream);
      floorConsumer = Math.max(floorConsumer, lastDeliveredConsumer);
      return;
    }
    Pending low = pending.lowest();
    floorStream = Math.max(floorStream, low.streamSeq - 1);
    floorConsumer = Math.max(floorConsumer, low.consumerSeq - 1);
  }

  /**
   * The pending messages by stream sequence: an open-addressing hash for lookups, and a ring in
   * stream order (deliveries come in stream order, acks mostly do) for the lowest pending and for
   * ack-all, from which acknowledged entries leave lazily. In place of a {@code TreeMap<Long, …>},
   * whose boxing and rebalancing on every delivery and ack were a tenth of a consumer's CPU.
   */
  private static final class PendingSet {
    private long[] keys = new long[64]; // 0: empty (stream sequences start at 1)
    private Pending[] values = new Pending[64];
    private int count;
    private Pending[] ring = new Pending[64]; // stream order; gone entries until compacted
    private int head;
    private int length;

    int size() {
      return count;
    }

    boolean isEmpty() {
      return count == 0;
    }

    Pending get(long seq) {
      int mask = keys.length - 1;
      for (int i = slot(seq, mask); ; i = (i + 1) & mask) {
        long k = keys[i];
        if (k == seq) {
          return values[i];
        }
        if (k == 0) {
          return null;
        }
      }
    }

    /** Adds a message not pending yet. */
    void add(Pending p) {
      if ((count + 1) * 2 > keys.length) {
        rehash(keys.length * 2);
      }
      int mask = keys.length - 1;
      int i = slot(p.streamSeq, mask);
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = p.streamSeq;
      values[i] = p;
      count++;
      p.gone = false;
      if (length > 0 && ring[(head + length - 1) & (ring.length - 1)].streamSeq > p.streamSeq) {
        insertInOrder(p); // behind the last delivery: rare (a restored or reset consumer)
      } else {
        append(p);
      }
    }

    /** Removes a pending message; null if it was not pending. */
    Pending remove(long seq) {
      int mask = keys.length - 1;
      int i = slot(seq, mask);
      while (keys[i] != seq) {
        if (keys[i] == 0) {
          return null;
        }
        i = (i + 1) & mask;
      }
      Pending p = values[i];
      // Backward-shift deletion: later entries of the probe run move into the hole when their
      // home slot does not lie between the hole and them.
      int hole = i;
      for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
        int home = slot(keys[j], mask);
        if (((j - home) & mask) >= ((j - hole) & mask)) {
          keys[hole] = keys[j];
          values[hole] = values[j];
          hole = j;
        }
      }
      keys[hole] = 0;
      values[hole] = null;
      count--;
      p.gone = true;
      if (length > 2 * count + 64) {
        compact(ring.length);
      }
      return p;
    }

    /** The lowest pending message, or null. */
    Pending lowest() {
      int mask = ring.length - 1;
      while (length > 0 && ring[head].gone) {
        ring[head] = null;
        head = (head + 1) & mask;
        length--;
      }
      return length == 0 ? null : ring[head];
    }

    /** The pending messages up to {@code seq}, lowest first (a copy: remove them freely). */
    List<Pending> upTo(long seq) {
      List<Pending> out = new ArrayList<>();
      int mask = ring.length - 1;
      for (int i = 0; i < length; i++) {
        Pending p = ring[(head + i) & mask];
        if (p.streamSeq > seq) {
          break;
        }
        if (!p.gone) {
          out.add(p);
        }
      }
      return out;
    }

    List<Pending> inOrder() {
      return upTo(Long.MAX_VALUE);
    }

    private static int slot(long seq, int mask) {
      return (int) ((seq * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    private void rehash(int capacity) {
      long[] oldKeys = keys;
      Pending[] oldValues = values;
      keys = new long[capacity];
      values = new Pending[capacity];
      int mask = capacity - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != 0) {
          int i = slot(oldKeys[j], mask);
          while (keys[i] != 0) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }

    private void append(Pending p) {
      if (length == ring.length) {
        compact(length > 2 * count ? ring.length : ring.length * 2);
      }
      ring[(head + length) & (ring.length - 1)] = p;
      length++;
    }

    private void insertInOrder(Pending p) {
      List<Pending> live = inOrder();
      int at = 0;
      while (at < live.size() && live.get(at).streamSeq < p.streamSeq) {
        at++;
      }
      live.add(at, p);
      length = 0;
      head = 0;
      ring = new Pending[Math.max(64, Integer.highestOneBit(live.size()) * 4)];
      for (Pending q : live) {
        ring[length++] = q;
      }
    }

    // Drops the gone entries, into a ring of `capacity` (a power of two, room for the live ones).
    private void compact(int capacity) {
      Pending[] next = new Pending[Math.max(capacity, Integer.highestOneBit(count + 1) * 2)];
      int n = 0;
      int mask = ring.length - 1;
      for (int i = 0; i < length; i++) {
        Pending p = ring[(head + i) & mask];
        if (!p.gone) {
          next[n++] = p;
        }
      }
      ring = next;
      head = 0;
      length = n;
    }
  }
}
