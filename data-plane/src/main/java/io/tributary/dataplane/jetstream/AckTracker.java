package io.tributary.dataplane.jetstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.TreeMap;
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

    Pending(long streamSeq) {
      this.streamSeq = streamSeq;
    }
  }

  private record Timer(long deadline, long streamSeq, long version) {}

  /** What expired: to redeliver, and those that reached max deliveries (dropped, advised). */
  record Expired(List<Long> redeliver, List<Pending> exhausted) {}

  private final NavigableMap<Long, Pending> pending = new TreeMap<>();
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

  Iterable<Pending> all() {
    return pending.values();
  }

  /**
   * A delivery (first or again) of {@code streamSeq} as {@code consumerSeq}, waiting {@code wait}.
   */
  Pending delivered(long streamSeq, long consumerSeq, long now, long wait) {
    Pending p = pending.get(streamSeq);
    if (p == null) {
      p = new Pending(streamSeq);
      pending.put(streamSeq, p);
    }
    redeliver.remove(streamSeq);
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
    pending.put(streamSeq, p);
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
    Iterator<Pending> it = pending.headMap(streamSeq, true).values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      dropped(p);
      it.remove();
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
    redeliver.remove(p.streamSeq);
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
    Pending low = pending.firstEntry().getValue();
    floorStream = Math.max(floorStream, low.streamSeq - 1);
    floorConsumer = Math.max(floorConsumer, low.consumerSeq - 1);
  }
}
