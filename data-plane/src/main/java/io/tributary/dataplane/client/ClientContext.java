package io.tributary.dataplane.client;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.stats.ServerStats;

/** What a connection needs from the node it belongs to. */
public interface ClientContext {
  ServerOptions options();

  ServerStats stats();

  /** The node's memory budget, which every account's clients draw from. */
  MemoryBudget memory();

  /**
   * The INFO line for a client; {@code nonce} is null unless the client must sign one, {@code
   * maxPayload} is the connection's own limit.
   */
  String infoLine(long clientId, String clientIp, String nonce, int maxPayload);

  /** A fresh nonce for a new connection in operator mode, or null. */
  String newNonce();

  /** The account a connection is bound to before CONNECT: {@code $G}, or null in operator mode. */
  Account defaultAccount();

  /**
   * Checks CONNECT's credentials: the account it binds to and what it may do, or why it is refused.
   */
  AuthOutcome authenticate(ClientConnection client, ConnectOptions connect);

  /** A client authenticated (after CONNECT), for account events. */
  void authenticated(ClientConnection client);

  void closed(ClientConnection client);
}
