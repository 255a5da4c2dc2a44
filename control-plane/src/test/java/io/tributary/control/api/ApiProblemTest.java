package io.tributary.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The problem catalogue: codes are unique, each entry is thrown somewhere in the main code, and
 * each is listed in docs/control-plane.md, where clients look them up.
 */
class ApiProblemTest {
  private static final Path MAIN = Path.of("src/main/java/io/tributary/control");
  private static final Path DOCS = Path.of("../docs/control-plane.md");

  @Test
  void codesAreUniqueAndWellFormed() {
    assertThat(Arrays.stream(ApiProblem.values()).map(ApiProblem::code))
        .doesNotHaveDuplicates()
        .allMatch(c -> c.matches("[a-z]+(-[a-z]+)*"));
    assertThat(ApiProblem.values()).allMatch(p -> p.status() >= 400 && p.status() < 600);
  }

  @Test
  void everyEntryIsUsed() throws IOException {
    String code = mainSources();
    assertThat(ApiProblem.values())
        .allSatisfy(p -> assertThat(code).as(p.name()).contains("ApiProblem." + p.name()));
  }

  @Test
  void everyCodeIsDocumented() throws IOException {
    String docs = Files.readString(DOCS);
    assertThat(ApiProblem.values())
        .allSatisfy(p -> assertThat(docs).as(p.code()).contains("`" + p.code() + "`"));
  }

  @Test
  void aProblemBodyHasTheReasonPhraseAsTitle() {
    Problem p = ApiProblem.NOT_FOUND.problem("no account named 'x'", null);
    assertThat(p)
        .isEqualTo(
            new Problem(
                "about:blank", "Not Found", 404, "not-found", "no account named 'x'", null));
  }

  /** Every main source file but the catalogue itself. */
  private static String mainSources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      StringBuilder all = new StringBuilder();
      for (Path f :
          files
              .filter(f -> f.toString().endsWith(".java") && !f.endsWith("ApiProblem.java"))
              .toList()) {
        all.append(Files.readString(f));
      }
      return all.toString();
    }
  }
}
