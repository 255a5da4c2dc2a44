package io.tributary.cli.architecture;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.PackageCycles;

/** No cycles between the CLI's packages: commands use api, config and output, never the reverse. */
class PackageCyclesTest {
  @Test
  void noCycles() {
    PackageCycles.assertNone("io.tributary.cli");
  }
}
