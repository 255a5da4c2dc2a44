package io.tributary.control.architecture;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.PackageCycles;

/**
 * The control plane's packages form no cycle: each may use only those below it (the layering in
 * docs/control-plane.md). Only main classes are checked, and finding none fails the test.
 */
class LayeringTest {
  @Test
  void packagesAreFreeOfCycles() {
    PackageCycles.assertNone("io.tributary.control");
  }
}
