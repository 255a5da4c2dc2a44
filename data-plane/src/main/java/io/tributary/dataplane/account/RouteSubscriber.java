package io.tributary.dataplane.account;

import java.util.List;

/**
 * The subscriptions another node of the cluster holds in an account, as seen from this node: a
 * message matching any of them is forwarded once over the route, with the queue groups the other
 * node is to deliver it to (the ones this node picked it for).
 */
public interface RouteSubscriber extends Subscriber {
  /**
   * Forwards a message in {@code account} over the route; false if it was not sent (the route is
   * gone or too far behind).
   *
   * @param queues the queue groups the other node delivers it to (one member each); may be empty
   */
  boolean forward(
      Account account,
      byte[] subject,
      byte[] reply,
      List<String> queues,
      byte[] buf,
      int offset,
      int size,
      int headerSize);

  @Override
  default boolean deliver(
      Subscription sub,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return forward(account(), subject, reply, List.of(), buf, offset, size, headerSize);
  }

  @Override
  default boolean sharedWithCluster() {
    return false;
  }
}
