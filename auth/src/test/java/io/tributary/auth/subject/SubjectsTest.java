package io.tributary.auth.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SubjectsTest {

  /** The table the web console's subject validation is tested against too. */
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = SubjectsTest.class.getResourceAsStream("subject-cases.json")) {
      JsonNode table = new ObjectMapper().readTree(in);
      List<Arguments> cases = new ArrayList<>();
      table
          .path("cases")
          .forEach(
              c ->
                  cases.add(
                      Arguments.of(
                          c.path("subject").asText(),
                          c.path("valid").asBoolean(),
                          c.path("literal").asBoolean())));
      return cases.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sharedTableOfSubjects(String subject, boolean valid, boolean literal) {
    assertThat(Subjects.isValid(subject)).as("valid: %s", subject).isEqualTo(valid);
    assertThat(Subjects.isValidLiteral(subject)).as("literal: %s", subject).isEqualTo(literal);
  }

  @Test
  void matchesFollowsNatsWildcards() {
    assertThat(Subjects.matches("foo.*", "foo.bar")).isTrue();
    assertThat(Subjects.matches("foo.*", "foo.bar.baz")).isFalse();
    assertThat(Subjects.matches("foo.>", "foo.bar.baz")).isTrue();
    assertThat(Subjects.matches("foo.>", "foo")).isFalse();
    assertThat(Subjects.matches(">", "anything.at.all")).isTrue();
    assertThat(Subjects.matches("*.bar", "foo.bar")).isTrue();
    assertThat(Subjects.matches("foo", "foobar")).isFalse();
    assertThat(Subjects.matches("foobar", "foo")).isFalse();
  }

  @Test
  void subsetAndCollision() {
    assertThat(Subjects.isSubsetOf("foo.bar", "foo.*")).isTrue();
    assertThat(Subjects.isSubsetOf("foo.*", "foo.>")).isTrue();
    assertThat(Subjects.isSubsetOf("foo.>", ">")).isTrue();
    assertThat(Subjects.isSubsetOf("foo.>", "foo.*")).isFalse();
    assertThat(Subjects.isSubsetOf("foo.*", "foo.bar")).isFalse();
    assertThat(Subjects.isSubsetOf("foo", "foo.>")).isFalse();
    assertThat(Subjects.collide("foo.*", "*.bar")).isTrue();
    assertThat(Subjects.collide("foo.>", "foo.bar.baz")).isTrue();
    assertThat(Subjects.collide("foo.bar", "foo.baz")).isFalse();
    assertThat(Subjects.collide("foo.*", "foo.bar.baz")).isFalse();
  }

  /** Property: matches() agrees with a naive regex matcher on random patterns and subjects. */
  @Test
  void matchesAgreesWithNaiveMatcher() {
    Random random = new Random(7);
    String[] alphabet = {"a", "b", "c", "ab"};
    for (int i = 0; i < 20_000; i++) {
      String subject = randomSubject(random, alphabet, false);
      String pattern = randomSubject(random, alphabet, true);
      assertThat(Subjects.matches(pattern, subject))
          .as("%s ~ %s", pattern, subject)
          .isEqualTo(naiveMatches(pattern, subject));
      if (!Subjects.hasWildcard(pattern)) {
        assertThat(Subjects.isSubsetOf(subject, pattern)).isEqualTo(subject.equals(pattern));
      } else if (Subjects.isSubsetOf(subject, pattern)) {
        assertThat(Subjects.matches(pattern, subject)).isTrue();
      }
    }
  }

  private static String randomSubject(Random r, String[] alphabet, boolean wildcards) {
    int n = 1 + r.nextInt(4);
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int pick = r.nextInt(wildcards ? 6 : 4);
      if (pick == 4) {
        tokens.add("*");
      } else if (pick == 5 && t == n - 1) {
        tokens.add(">");
      } else {
        tokens.add(alphabet[r.nextInt(alphabet.length)]);
      }
    }
    return String.join(".", tokens);
  }

  private static boolean naiveMatches(String pattern, String subject) {
    StringBuilder re = new StringBuilder();
    List<String> tokens = Subjects.tokenize(pattern);
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0) {
        re.append("\\.");
      }
      String t = tokens.get(i);
      re.append(t.equals("*") ? "[^.]+" : t.equals(">") ? ".+" : Pattern.quote(t));
    }
    return subject.matches(re.toString());
  }
}
