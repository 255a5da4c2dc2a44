package io.tributary.dataplane.subject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.protocol.InternedSubject;

/** Rewrites subjects from one pattern onto another, as imports with a local subject do. */
public final class SubjectMapping {
  private static final Pattern WILDCARD_FUNCTION =
      Pattern.compile("\\{\\{\\s*[Ww]ildcard\\s*\\(\\s*(\\d+)\\s*\\)\\s*}}");

  private SubjectMapping() {}

  /**
   * {@link #map} over a subject's bytes, as routing carries it; the same bytes when nothing
   * changes.
   */
  public static InternedSubject map(String from, String to, byte[] subject) {
    String s = new String(subject, StandardCharsets.UTF_8);
    String mapped = from.equals(to) ? s : map(from, to, s);
    return new InternedSubject(
        mapped, mapped.equals(s) ? subject : mapped.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Maps a subject matched by {@code from} onto {@code to}: {@code $n} is the n-th {@code *} of
   * {@code from}, a {@code *} in {@code to} takes the next capture, and a trailing {@code >} the
   * rest; other tokens are literal. nats-server's {@code {{wildcard(n)}}} is {@code $n}.
   */
  public static String map(String from, String to, String subject) {
    to = WILDCARD_FUNCTION.matcher(to).replaceAll("\\$$1");
    List<String> pattern = Subjects.tokenize(from);
    List<String> tokens = Subjects.tokenize(subject);
    List<String> captures = new ArrayList<>();
    String rest = null;
    for (int i = 0; i < pattern.size() && i < tokens.size(); i++) {
      if (pattern.get(i).equals(Subjects.SINGLE_WILDCARD)) {
        captures.add(tokens.get(i));
      } else if (pattern.get(i).equals(Subjects.FULL_WILDCARD)) {
        rest = String.join(".", tokens.subList(i, tokens.size()));
      }
    }
    List<String> out = new ArrayList<>();
    int next = 0;
    for (String t : Subjects.tokenize(to)) {
      if (t.matches("\\$\\d+")) {
        int n = Integer.parseInt(t.substring(1)) - 1;
        out.add(n >= 0 && n < captures.size() ? captures.get(n) : t);
      } else if (t.equals(Subjects.SINGLE_WILDCARD)) {
        out.add(next < captures.size() ? captures.get(next++) : t);
      } else if (t.equals(Subjects.FULL_WILDCARD)) {
        out.add(rest != null ? rest : t);
      } else {
        out.add(t);
      }
    }
    return String.join(".", out);
  }
}
