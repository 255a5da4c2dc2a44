package io.tributary.auth.subject;

import java.util.ArrayList;
import java.util.List;

/**
 * NATS subject syntax and wildcard matching, as nats-server defines them ({@code sublist.go}).
 * Subjects are dot-separated tokens; {@code *} matches one token and {@code >} one or more trailing
 * tokens, but only as whole tokens ({@code foo*} is a literal token). Tokens are never empty and
 * never contain whitespace.
 *
 * <p>This is the string form used for permissions, exports and imports; the broker's subscription
 * index has its own byte-level form built on the same rules.
 */
public final class Subjects {
  public static final char SEPARATOR = '.';
  public static final String SINGLE_WILDCARD = "*";
  public static final String FULL_WILDCARD = ">";

  private Subjects() {}

  /** A subject, with or without wildcards (what SUB, permissions and exports accept). */
  public static boolean isValid(String subject) {
    if (subject == null || subject.isEmpty()) {
      return false;
    }
    boolean sawFullWildcard = false;
    int start = 0;
    int n = subject.length();
    for (int i = 0; i <= n; i++) {
      if (i < n && subject.charAt(i) != SEPARATOR) {
        if (isWhitespace(subject.charAt(i))) {
          return false;
        }
        continue;
      }
      int len = i - start;
      if (len == 0 || sawFullWildcard) {
        return false;
      }
      if (len == 1 && subject.charAt(start) == '>') {
        sawFullWildcard = true;
      }
      start = i + 1;
    }
    return true;
  }

  /** A subject without wildcard tokens (what PUB accepts in pedantic mode). */
  public static boolean isValidLiteral(String subject) {
    return isValid(subject) && !hasWildcard(subject);
  }

  /** True if some token is exactly {@code *} or {@code >}. */
  public static boolean hasWildcard(String subject) {
    int n = subject.length();
    for (int i = 0; i < n; i++) {
      char c = subject.charAt(i);
      if ((c == '*' || c == '>')
          && (i == 0 || subject.charAt(i - 1) == SEPARATOR)
          && (i + 1 == n || subject.charAt(i + 1) == SEPARATOR)) {
        return true;
      }
    }
    return false;
  }

  /** A queue group name: one non-empty token-like word without whitespace. */
  public static boolean isValidQueue(String queue) {
    if (queue == null || queue.isEmpty()) {
      return false;
    }
    for (int i = 0; i < queue.length(); i++) {
      if (isWhitespace(queue.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Splits a subject into its tokens. */
  public static List<String> tokenize(String subject) {
    List<String> tokens = new ArrayList<>(8);
    int start = 0;
    for (int i = 0; i <= subject.length(); i++) {
      if (i == subject.length() || subject.charAt(i) == SEPARATOR) {
        tokens.add(subject.substring(start, i));
        start = i + 1;
      }
    }
    return tokens;
  }

  /** The number of tokens. */
  public static int tokenCount(String subject) {
    int count = 1;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == SEPARATOR) {
        count++;
      }
    }
    return count;
  }

  /**
   * True if the literal {@code subject} is matched by {@code pattern}, which may contain wildcards.
   * A wildcard token in {@code subject} only matches the same wildcard in the pattern or a wildcard
   * that covers it.
   */
  public static boolean matches(String pattern, String subject) {
    int p = 0;
    int s = 0;
    while (true) {
      int pEnd = indexOfSeparator(pattern, p);
      int sEnd = indexOfSeparator(subject, s);
      int pLen = pEnd - p;
      if (pLen == 1 && pattern.charAt(p) == '>') {
        return true; // the subject has at least this token left
      }
      boolean anyToken = pLen == 1 && pattern.charAt(p) == '*';
      if (!anyToken && (pLen != sEnd - s || !pattern.regionMatches(p, subject, s, pLen))) {
        return false;
      }
      boolean patternDone = pEnd == pattern.length();
      boolean subjectDone = sEnd == subject.length();
      if (patternDone || subjectDone) {
        return patternDone && subjectDone;
      }
      p = pEnd + 1;
      s = sEnd + 1;
    }
  }

  /**
   * True if every subject that {@code subject} can match is also matched by {@code of}
   * (nats-server's {@code subjectIsSubsetMatch}): {@code foo.bar} ⊆ {@code foo.*} ⊆ {@code foo.>} ⊆
   * {@code >}.
   */
  public static boolean isSubsetOf(String subject, String of) {
    List<String> tokens = tokenize(subject);
    List<String> test = tokenize(of);
    for (int i = 0; i < test.size(); i++) {
      if (i >= tokens.size()) {
        return false;
      }
      String t2 = test.get(i);
      if (t2.isEmpty()) {
        return false;
      }
      if (t2.equals(FULL_WILDCARD)) {
        return true;
      }
      String t1 = tokens.get(i);
      if (t1.isEmpty() || t1.equals(FULL_WILDCARD)) {
        return false;
      }
      if (t1.equals(SINGLE_WILDCARD)) {
        if (!t2.equals(SINGLE_WILDCARD)) {
          return false;
        }
        continue;
      }
      if (!t2.equals(SINGLE_WILDCARD) && !t1.equals(t2)) {
        return false;
      }
    }
    return tokens.size() == test.size();
  }

  /**
   * True if some literal subject is matched by both {@code a} and {@code b} (nats-server's {@code
   * SubjectsCollide}).
   */
  public static boolean collide(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    List<String> ta = tokenize(a);
    List<String> tb = tokenize(b);
    boolean aFull = ta.get(ta.size() - 1).equals(FULL_WILDCARD);
    boolean bFull = tb.get(tb.size() - 1).equals(FULL_WILDCARD);
    if (!aFull && !bFull && ta.size() != tb.size()) {
      return false;
    }
    if (ta.size() < tb.size() && !aFull) {
      return false;
    }
    if (tb.size() < ta.size() && !bFull) {
      return false;
    }
    int common = Math.min(ta.size(), tb.size());
    for (int i = 0; i < common; i++) {
      String x = ta.get(i);
      String y = tb.get(i);
      if (x.equals(FULL_WILDCARD) || y.equals(FULL_WILDCARD)) {
        return true;
      }
      if (!x.equals(y) && !x.equals(SINGLE_WILDCARD) && !y.equals(SINGLE_WILDCARD)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfSeparator(String s, int from) {
    int i = s.indexOf(SEPARATOR, from);
    return i < 0 ? s.length() : i;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
