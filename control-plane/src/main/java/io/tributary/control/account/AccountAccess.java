package io.tributary.control.account;

import java.util.Set;

import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.AuditScope;
import io.tributary.control.console.Caller;
import io.tributary.control.console.ConsoleUser;
import io.tributary.control.model.AccountEntity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * What the caller may do to an account. An account the caller may not see answers 404 exactly as a
 * missing one does, so that tenants cannot learn each other's names; only after that does a role
 * that may read but not write get 403. The audit log's API asks it as its {@link AuditScope}.
 */
@RequestScoped
public class AccountAccess implements AuditScope {
  @Inject Caller caller;

  /** The account, if the caller may see it. */
  @Override
  public AccountEntity read(String name) {
    AccountEntity a = AccountEntity.byName(name);
    if (a == null || !(caller.isOperatorAdmin() || caller.user().accountIds().contains(a.id))) {
      throw ApiProblem.NOT_FOUND.exception("no account named '" + name + "'");
    }
    return a;
  }

  /** The account, if the caller may change what is inside it (users, keys, exports, imports). */
  public AccountEntity write(String name) {
    AccountEntity a = read(name);
    if (ConsoleUser.ACCOUNT_VIEWER.equals(caller.user().role())) {
      throw ApiProblem.READ_ONLY.exception("an account-viewer cannot change anything");
    }
    return a;
  }

  /** The account, if the caller may change the account itself (limits, deletion). */
  public AccountEntity operate(String name) {
    AccountEntity a = read(name);
    if (!caller.isOperatorAdmin()) {
      throw ApiProblem.FORBIDDEN.exception(
          "only an operator-admin may change an account's limits or delete it");
    }
    return a;
  }

  /** The ids of the accounts the caller may see, or null for all. */
  @Override
  public Set<Long> visible() {
    return caller.isOperatorAdmin() ? null : caller.user().accountIds();
  }
}
