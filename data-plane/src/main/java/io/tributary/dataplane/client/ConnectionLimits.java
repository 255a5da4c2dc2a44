package io.tributary.dataplane.client;

import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.MAX_SUBSCRIPTIONS;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.dataplane.config.ServerOptions;

/**
 * A connection's subscription and payload limits, computed as nats-server does: the user JWT's (or
 * its scope template's) limit, lowered by the account's and then by the node's; -1 means no limit,
 * an absent (0) JWT limit is a limit of 0, and any other negative value admits nothing (nats-server
 * compares against it as a number).
 *
 * @param maxSubs subscriptions the connection may hold, or -1
 * @param maxPayload largest payload the connection may publish (never unlimited: the node's
 *     max_payload caps it)
 */
record ConnectionLimits(long maxSubs, int maxPayload) {
  /** The JWT's "no limit". */
  static final long NO_LIMIT = -1;

  /** The node's own limits, for connections without a user JWT. */
  static ConnectionLimits of(ServerOptions server) {
    return new ConnectionLimits(nodeSubscriptions(server), server.get(MAX_PAYLOAD));
  }

  static ConnectionLimits of(
      UserPermissionLimits user, AccountClaims account, ServerOptions server) {
    long subs = min(user.subs, account.nats.limits.subs);
    subs = min(subs, nodeSubscriptions(server));
    long payload = min(min(user.payload, account.nats.limits.payload), server.get(MAX_PAYLOAD));
    return new ConnectionLimits(subs, (int) payload);
  }

  /** True if holding {@code subscriptions} is more than allowed; a limit of 0 admits none. */
  boolean subscriptionsExceeded(int subscriptions) {
    return maxSubs == 0 || (maxSubs > 0 && subscriptions > maxSubs);
  }

  /** True if one more subscription is not allowed. */
  boolean subscriptionsFull(int subscriptions) {
    return maxSubs != NO_LIMIT && subscriptions >= maxSubs;
  }

  // The node's max-subscriptions: 0 there means no limit.
  private static long nodeSubscriptions(ServerOptions server) {
    int max = server.get(MAX_SUBSCRIPTIONS);
    return max > 0 ? max : NO_LIMIT;
  }

  // The lower of two JWT limits, where only -1 is "no limit" (below it, a value is lower than all).
  private static long min(long value, long limit) {
    if (value == NO_LIMIT) {
      return limit;
    }
    return limit != NO_LIMIT && limit < value ? limit : value;
  }
}
