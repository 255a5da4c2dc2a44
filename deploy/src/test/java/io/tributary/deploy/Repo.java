package io.tributary.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the module's directory. */
final class Repo {
  private Repo() {}

  /** The repository's root. */
  static Path root() {
    String configured = System.getProperty("tributary.root");
    Path root =
        configured != null
            ? Path.of(configured)
            : Files.exists(Path.of("deploy", "pom.xml")) ? Path.of(".") : Path.of("..");
    return root.toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static Path chart() {
    return path("deploy/helm/tributary");
  }

  /** Where the operator's build generates its CRDs from the Java types. */
  static Path generatedCrds() {
    return path("operator/target/classes/META-INF/fabric8");
  }

  /** One of them, by the resource's plural ({@code tributaryclusters}). */
  static Path generatedCrd(String plural) {
    return generatedCrds().resolve(plural + ".tributary.io-v1.yml");
  }
}
