package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Redelivery timing with a clock the test moves: ack waits, backoff, naks with and without delay,
 * work in progress, max deliveries and the ack floor, without a single sleep.
 */
class AckTrackerTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  @Test
  void unackedMessagesComeBackAfterTheAckWaitInSequenceOrder() {
    AckTracker t = new AckTracker();
    long now = 1_000 * S;
    t.delivered(2, 1, now, 30 * S);
    t.delivered(1, 2, now, 30 * S);
    assertThat(t.expire(now + 29 * S, -1, 2, 2).redeliver()).isEmpty();
    assertThat(t.nextDeadline()).isEqualTo(now + 30 * S);
    assertThat(t.expire(now + 30 * S, -1, 2, 2).redeliver()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(t.nextRedelivery()).isEqualTo(1);
    t.delivered(1, 3, now + 31 * S, 30 * S);
    assertThat(t.get(1).deliveries).isEqualTo(2);
    assertThat(t.redelivered()).isEqualTo(1);
    assertThat(t.nextRedelivery()).isEqualTo(2);
  }

  @Test
  void backoffSetsEachWaitAndTheLastOneRepeats() {
    ConsumerConfig c = new ConsumerConfig();
    c.backoff = List.of(1 * S, 5 * S, 20 * S);
    assertThat(c.ackWaitFor(1)).isEqualTo(1 * S);
    assertThat(c.ackWaitFor(2)).isEqualTo(5 * S);
    assertThat(c.ackWaitFor(3)).isEqualTo(20 * S);
    assertThat(c.ackWaitFor(9)).isEqualTo(20 * S);
    AckTracker t = new AckTracker();
    t.delivered(1, 1, 0, c.ackWaitFor(1));
    assertThat(t.expire(S - 1, -1, 1, 1).redeliver()).isEmpty();
    assertThat(t.expire(S, -1, 1, 1).redeliver()).containsExactly(1L);
    t.delivered(1, 2, S, c.ackWaitFor(2));
    assertThat(t.expire(5 * S, -1, 1, 2).redeliver()).isEmpty();
    assertThat(t.expire(6 * S, -1, 1, 2).redeliver()).containsExactly(1L);
  }

  @Test
  void nakRedeliversAtOnceOrAfterItsDelay() {
    AckTracker t = new AckTracker();
    t.delivered(1, 1, 0, 30 * S);
    t.delivered(2, 2, 0, 30 * S);
    assertThat(t.nak(1, S, 0)).isTrue();
    assertThat(t.nextRedelivery()).isEqualTo(1);
    assertThat(t.nak(2, S, 5 * S)).isTrue();
    assertThat(t.expire(5 * S, -1, 2, 2).redeliver()).isEmpty();
    assertThat(t.expire(6 * S, -1, 2, 2).redeliver()).containsExactly(2L);
    assertThat(t.nak(99, S, 0)).as("not pending").isFalse();
  }

  @Test
  void aNakWithADelayAfterOneWithoutWaitsItsDelay() {
    AckTracker t = new AckTracker();
    t.delivered(1, 1, 0, 30 * S);
    t.nak(1, S, 0);
    assertThat(t.nextRedelivery()).isEqualTo(1);
    t.nak(1, S, 5 * S);
    assertThat(t.nextRedelivery()).as("not at once").isZero();
    assertThat(t.expire(6 * S, -1, 1, 1).redeliver()).containsExactly(1L);
  }

  @Test
  void workInProgressRestartsTheWait() {
    AckTracker t = new AckTracker();
    t.delivered(1, 1, 0, 10 * S);
    assertThat(t.progress(1, 9 * S, 10 * S)).isTrue();
    assertThat(t.expire(18 * S, -1, 1, 1).redeliver()).isEmpty();
    assertThat(t.expire(19 * S, -1, 1, 1).redeliver()).containsExactly(1L);
  }

  @Test
  void maxDeliveriesDropsTheMessageAndTheFloorMovesOn() {
    AckTracker t = new AckTracker();
    t.delivered(1, 1, 0, S);
    t.expire(S, 2, 1, 1);
    t.delivered(1, 2, S, S);
    AckTracker.Expired e = t.expire(2 * S, 2, 1, 2);
    assertThat(e.redeliver()).isEmpty();
    assertThat(e.exhausted()).extracting(p -> p.streamSeq).containsExactly(1L);
    assertThat(t.size()).isZero();
    assertThat(t.floorStream()).isEqualTo(1);
    assertThat(t.redelivered()).isZero();
  }

  @Test
  void theFloorIsJustBelowTheLowestPendingMessage() {
    AckTracker t = new AckTracker();
    for (long s = 1; s <= 5; s++) {
      t.delivered(s, s, 0, 30 * S);
    }
    t.ack(2, 5, 5);
    assertThat(t.floorStream()).isZero();
    t.ack(1, 5, 5);
    assertThat(t.floorStream()).isEqualTo(2);
    assertThat(t.ackUpTo(4, 5, 5)).containsExactly(3L, 4L);
    assertThat(t.floorStream()).isEqualTo(4);
    assertThat(t.ack(4, 5, 5)).as("already acked").isFalse();
    t.ack(5, 5, 5);
    assertThat(t.floorStream()).isEqualTo(5);
    assertThat(t.floorConsumer()).isEqualTo(5);
    assertThat(t.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  /**
   * Property: the pending set (a hash and a ring in stream order) against a sorted map, through
   * deliveries mostly in order, restored ones out of order, acks in any order, ack-all, drops.
   */
  @Test
  void pendingMessagesAgreeWithASortedMap() {
    Random r = new Random(7);
    AckTracker t = new AckTracker();
    TreeMap<Long, Long> model = new TreeMap<>(); // stream seq -> consumer seq
    long next = 1;
    long dseq = 0;
    for (int i = 0; i < 50_000; i++) {
      int op = r.nextInt(10);
      if (op < 4) {
        long seq = next;
        next += 1 + r.nextInt(3); // a filtered consumer skips sequences
        t.delivered(seq, ++dseq, 0, 30 * S);
        model.put(seq, dseq);
      } else if (op == 4 && next > 10) {
        long seq = 1 + r.nextInt((int) next - 1); // behind the last delivery, e.g. restored
        if (!model.containsKey(seq)) {
          t.restore(seq, ++dseq, 1, 30 * S);
          model.put(seq, dseq);
        }
      } else if (op < 8 && !model.isEmpty()) {
        List<Long> keys = new ArrayList<>(model.keySet());
        long seq = keys.get(r.nextInt(Math.min(keys.size(), 8))); // mostly among the oldest
        assertThat(t.ack(seq, next, dseq)).isTrue();
        model.remove(seq);
      } else if (op == 8 && !model.isEmpty()) {
        long upTo = model.firstKey() + r.nextInt(20);
        List<Long> expected = new ArrayList<>(model.headMap(upTo, true).keySet());
        assertThat(t.ackUpTo(upTo, next, dseq)).isEqualTo(expected);
        model.headMap(upTo, true).clear();
      } else if (!model.isEmpty()) {
        long seq = model.lastKey();
        assertThat(t.drop(seq, next, dseq)).isNotNull();
        model.remove(seq);
      }
      assertThat(t.size()).isEqualTo(model.size());
      if (i % 97 == 0) {
        assertThat(t.all().stream().map(p -> p.streamSeq).toList())
            .isEqualTo(new ArrayList<>(model.keySet()));
        for (long seq : model.keySet()) {
          assertThat(t.get(seq).consumerSeq).isEqualTo(model.get(seq));
        }
      }
      if (!model.isEmpty()) {
        assertThat(t.floorStream()).isGreaterThanOrEqualTo(model.firstKey() - 1);
      }
    }
  }
}
