package io.tributary.auth.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.PackageCycles;

import com.tngtech.archunit.core.importer.ClassFileImporter;

class PackageCyclesTest {
  @Test
  void authHasNoPackageCycle() {
    PackageCycles.assertNone("io.tributary.auth");
  }

  @Test
  void aCycleIsCaught() {
    // Two test classes that import each other's package: the check must fail on them.
    String root = "io.tributary.auth.testing.cycle";
    assertThatThrownBy(
            () -> PackageCycles.assertNone(root, new ClassFileImporter().importPackages(root)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }

  @Test
  void nothingToCheckIsAFailure() {
    assertThatThrownBy(() -> PackageCycles.assertNone("io.tributary.nothing.here"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("nothing was checked");
  }
}
