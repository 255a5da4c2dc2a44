package io.tributary.auth.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The issues found in a claim, collected rather than thrown at the first (nats-io/jwt's {@code
 * ValidationResults}). Errors always block; time checks (expired, not yet valid) block only when
 * the caller says so, as nats-server does when a JWT is used but not when a pushed account JWT is
 * stored.
 */
public final class ValidationResults {
  /** How serious an issue is. */
  public enum Kind {
    ERROR,
    TIME_CHECK,
    WARNING
  }

  /** One issue. */
  public record Issue(Kind kind, String description) {
    @Override
    public String toString() {
      return kind.name().toLowerCase() + ": " + description;
    }
  }

  private final List<Issue> issues = new ArrayList<>();

  public void error(String description) {
    issues.add(new Issue(Kind.ERROR, description));
  }

  public void timeCheck(String description) {
    issues.add(new Issue(Kind.TIME_CHECK, description));
  }

  public void warning(String description) {
    issues.add(new Issue(Kind.WARNING, description));
  }

  public List<Issue> issues() {
    return List.copyOf(issues);
  }

  /** True if there is an error, or (when {@code includeTimeChecks}) a time check. */
  public boolean isBlocking(boolean includeTimeChecks) {
    return issues.stream()
        .anyMatch(
            i -> i.kind() == Kind.ERROR || (includeTimeChecks && i.kind() == Kind.TIME_CHECK));
  }

  /** The first blocking issue, or null. */
  public Issue firstBlocking(boolean includeTimeChecks) {
    return issues.stream()
        .filter(i -> i.kind() == Kind.ERROR || (includeTimeChecks && i.kind() == Kind.TIME_CHECK))
        .findFirst()
        .orElse(null);
  }

  public boolean isEmpty() {
    return issues.isEmpty();
  }

  @Override
  public String toString() {
    return issues.toString();
  }
}
