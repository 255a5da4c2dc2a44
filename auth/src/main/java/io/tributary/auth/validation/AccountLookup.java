package io.tributary.auth.validation;

import io.tributary.auth.claims.AccountClaims;

/** Finds the current claims of an account, or null if the account is unknown. */
@FunctionalInterface
public interface AccountLookup {
  AccountClaims lookup(String accountId);
}
