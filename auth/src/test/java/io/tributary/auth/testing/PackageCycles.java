package io.tributary.auth.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Fails if the main classes under a package have a cycle between its sub-packages (each direct
 * sub-package is one slice, its own sub-packages included). Every module's architecture test calls
 * it; published in the test-jar.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /**
   * Checks the main (non-test) classes under {@code rootPackage}; an AssertionError names the
   * cycle.
   */
  public static void assertNone(String rootPackage) {
    assertNone(
        rootPackage,
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(rootPackage));
  }

  /** Checks the given classes; for testing the check itself on classes made to have a cycle. */
  public static void assertNone(String rootPackage, JavaClasses classes) {
    if (classes.isEmpty()) {
      throw new AssertionError("no classes under " + rootPackage + ": nothing was checked");
    }
    slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(classes);
  }
}
