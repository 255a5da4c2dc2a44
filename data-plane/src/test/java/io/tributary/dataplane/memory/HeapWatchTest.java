package io.tributary.dataplane.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapWatchTest {
  @Test
  void unhealthyOnlyWhenTheHeapStaysFullAfterCollections() {
    long max = 1000L << 20;
    assertThat(HeapWatch.problem(800L << 20, max)).isNull();
    assertThat(HeapWatch.problem(950L << 20, max))
        .isEqualTo("heap nearly exhausted: 950 of 1000 MB still in use after garbage collection");
  }
}
