package io.tributary.dataplane.account;

/**
 * Told of every subscription an account gains or loses that the cluster must know of ({@link
 * Subscriber#sharedWithCluster}); the cluster turns them into RS+ and RS- for the other nodes.
 * Called on the subscribing thread, and at most once per subscription each (see {@link
 * Subscription#markShared}).
 */
public interface InterestListener {
  void added(Account account, Subscription sub);

  void removed(Account account, Subscription sub);
}
