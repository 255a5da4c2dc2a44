package io.tributary.auth.validation;

import java.time.Instant;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Permissions;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.UserPermissionLimits;

/**
 * A user that passed authentication, with what applies to its connection.
 *
 * @param claims the user JWT's claims
 * @param account the account's claims
 * @param signer the key that signed the user JWT (the account key or a signing key)
 * @param permissions the effective publish, subscribe and response permissions
 * @param defaultPermissions true if {@code permissions} are the account's defaults (re-applied on
 *     account updates)
 * @param limits the effective user limits and constraints (the scope template's for a scoped user)
 * @param scoped true if a scoped signing key signed the user
 * @param expiresAt when the connection must close (JWT expiry or end of the connect window), or
 *     null
 */
public record AuthorizedUser(
    UserClaims claims,
    AccountClaims account,
    String signer,
    Permissions permissions,
    boolean defaultPermissions,
    UserPermissionLimits limits,
    boolean scoped,
    Instant expiresAt) {

  /** The user's public key. */
  public String userKey() {
    return claims.subject;
  }

  /** The account's public key. */
  public String accountId() {
    return account.subject;
  }
}
