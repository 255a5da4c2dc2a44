package io.tributary.control.audit;

import java.util.Set;

import io.tributary.control.model.AccountEntity;

/**
 * Which accounts' audit lines the caller may read. The access policy above this package ({@code
 * account.AccountAccess}) implements it, so that the audit log stays below every feature that
 * writes to it.
 */
public interface AuditScope {
  /** The account, if the caller may see it; the same 404 as a missing one otherwise. */
  AccountEntity read(String name);

  /** The ids of the accounts the caller may see, or null for all. */
  Set<Long> visible();
}
