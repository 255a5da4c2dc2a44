package io.tributary.dataplane.server;

import java.util.Comparator;
import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountListener;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.ClientConnection;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.protocol.ProtocolError;

/**
 * Applies an account's new claims (or its deletion) to its live connections, each on its own event
 * loop: revoked users, removed signing keys, expiry and new default permissions are checked by the
 * connection; if the connection limit went down, the most recent connections beyond it are closed.
 * Called on the registry's thread (the resolver's worker).
 */
final class AccountUpdates implements AccountListener {
  private final AccountRegistry accounts;
  private final ClientTable clients;

  AccountUpdates(AccountRegistry accounts, ClientTable clients) {
    this.accounts = accounts;
    this.clients = clients;
  }

  @Override
  public void updated(Account account) {
    apply(account, false);
  }

  @Override
  public void removed(Account account) {
    apply(account, true);
  }

  private void apply(Account account, boolean deleted) {
    AccountClaims claims = account.claims();
    boolean strict = accounts.trust().isStrict(claims.issuer);
    List<ClientConnection> members =
        clients.all().stream()
            .filter(c -> c.account() == account)
            .sorted(Comparator.comparingLong(ClientConnection::startNanos))
            .toList();
    long max = claims.nats.limits.conn;
    for (int i = 0; i < members.size(); i++) {
      ClientConnection c = members.get(i);
      boolean overLimit = !deleted && max >= 0 && i >= max;
      c.channelExecutor()
          .execute(
              () -> {
                if (overLimit) {
                  c.protocolError(ProtocolError.MAX_ACCOUNT_CONNECTIONS);
                } else {
                  c.accountChanged(claims, deleted, strict);
                }
              });
    }
    NodeLog.info(
        "account "
            + account.name()
            + (deleted ? " deleted" : " updated")
            + ", "
            + members.size()
            + " connections checked");
  }
}
