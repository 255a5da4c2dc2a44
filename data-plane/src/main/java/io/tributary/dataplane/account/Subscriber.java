package io.tributary.dataplane.account;

/** What owns subscriptions: a client connection, or one of the node's internal services. */
public interface Subscriber {
  /**
   * Delivers a message to one of this subscriber's subscriptions (from any thread). False if it was
   * not delivered.
   */
  boolean deliver(
      Subscription sub,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize);

  /**
   * Delivers a message routed on {@code routed} that its receivers see with the subject {@code
   * wire} (a JetStream delivery: the message's own subject, sent to a consumer's deliver subject or
   * pull inbox). A plain subscriber sees {@code wire}; an import routes on by {@code routed} and
   * passes {@code wire} on.
   */
  default boolean deliverAs(
      Subscription sub,
      byte[] routed,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return deliver(sub, wire, reply, buf, offset, size, headerSize);
  }

  /** An id for monitoring (the client id; 0 for internal subscribers). */
  long id();

  /** The account the subscriber lives in. */
  Account account();

  /**
   * True for a stream import's subscription: messages that came through an import skip it (no
   * cycles).
   */
  default boolean isImport() {
    return false;
  }

  /**
   * True if the other nodes of a cluster must learn of this subscriber's interest. Imports say no
   * (every node holds the same imports of its own), and so do routes (interest is the local
   * clients') and node-local services (JetStream, which is not clustered).
   */
  default boolean sharedWithCluster() {
    return !isImport();
  }
}
