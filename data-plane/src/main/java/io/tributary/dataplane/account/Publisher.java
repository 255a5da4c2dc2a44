package io.tributary.dataplane.account;

/**
 * Who publishes a message into an account, as routing needs to know it: a client connection, or one
 * of the node's internal clients.
 */
public interface Publisher {
  /** True if this publisher's own subscriptions must not receive what it publishes. */
  boolean noEcho();
}
