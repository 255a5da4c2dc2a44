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
}
