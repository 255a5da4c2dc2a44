package io.tributary.dataplane.client;

import io.tributary.auth.claims.Permissions;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.protocol.ProtocolError;

/**
 * The result of authenticating a CONNECT: the account it binds to with its permissions, or the
 * error to send.
 */
public sealed interface AuthOutcome {
  /**
   * Accepted: bound to {@code account}; {@code permissions} null means everything is allowed;
   * {@code jwtUser} is the authenticated JWT user in operator mode (null otherwise), kept to
   * re-check the user when its account changes.
   */
  record Bound(Account account, Permissions permissions, String user, AuthorizedUser jwtUser)
      implements AuthOutcome {}

  /** Refused. */
  record Refused(ProtocolError error, String reason) implements AuthOutcome {}
}
