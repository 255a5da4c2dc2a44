package io.tributary.control.console;

import java.util.Set;

/** Who a console user is for access decisions: a snapshot, safe to keep between requests. */
public record Principal(
    long id, String username, String role, Set<Long> accountIds, long tokenVersion) {
  static Principal of(ConsoleUser u) {
    return new Principal(u.id, u.username, u.role, Set.copyOf(u.accountIds), u.tokenVersion);
  }

  public boolean isOperatorAdmin() {
    return ConsoleUser.OPERATOR_ADMIN.equals(role);
  }
}
