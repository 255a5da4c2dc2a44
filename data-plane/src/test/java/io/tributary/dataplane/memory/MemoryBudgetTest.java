package io.tributary.dataplane.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.tributary.dataplane.memory.MemoryBudget.Pool;

class MemoryBudgetTest {
  @Test
  void anAccountIsRefusedAtItsShareAndOthersAtTheNodesLimit() {
    MemoryBudget b = new MemoryBudget(1000, 400, 50);
    MemoryBudget.Share a = b.share();
    MemoryBudget.Share c = b.share();
    MemoryBudget.Share d = b.share();
    assertThat(a.tryCharge(Pool.HEAP, 500)).isTrue();
    assertThat(a.tryCharge(Pool.HEAP, 1)).as("over its share").isFalse();
    assertThat(a.held(Pool.HEAP)).isEqualTo(500);
    assertThat(c.tryCharge(Pool.HEAP, 400)).isTrue();
    assertThat(d.tryCharge(Pool.HEAP, 101)).as("over the node's limit").isFalse();
    assertThat(d.held(Pool.HEAP)).as("nothing charged on refusal").isZero();
    assertThat(d.tryCharge(Pool.HEAP, 100)).isTrue();
    assertThat(b.used(Pool.HEAP)).isEqualTo(1000);
    assertThat(a.tryCharge(Pool.DIRECT, 200)).as("pools are separate").isTrue();
    a.release(Pool.HEAP, 500);
    assertThat(b.used(Pool.HEAP)).isEqualTo(500);
    assertThat(d.tryCharge(Pool.HEAP, 400)).isTrue();
  }

  @Test
  void theShareIsAPercentage() {
    assertThat(new MemoryBudget(1000, 2000, 25).perAccount(Pool.DIRECT)).isEqualTo(500);
    assertThatThrownBy(() -> new MemoryBudget(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MemoryBudget.unlimited().share().tryCharge(Pool.HEAP, 1L << 40)).isTrue();
  }
}
