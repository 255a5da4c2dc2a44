package io.tributary.dataplane.architecture;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.PackageCycles;

class PackageCyclesTest {
  @Test
  void dataPlaneHasNoPackageCycle() {
    PackageCycles.assertNone("io.tributary.dataplane");
  }
}
