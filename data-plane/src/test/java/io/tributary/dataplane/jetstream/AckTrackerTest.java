package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
