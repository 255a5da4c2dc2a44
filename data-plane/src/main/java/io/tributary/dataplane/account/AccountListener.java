package io.tributary.dataplane.account;

/**
 * Told when accounts appear, change and go, after the registry applied the change: how the node
 * applies new claims to live connections, and how internal services follow accounts. Called on the
 * thread that changed the registry (the resolver's worker, or the caller of {@link
 * AccountRegistry#addListener}); listeners hand slow work to their own threads.
 */
public interface AccountListener {
  /** An account appeared; on registration, called for every account that is already there. */
  default void added(Account account) {}

  /** An account's claims changed. */
  default void updated(Account account) {}

  /** An account was deleted. */
  default void removed(Account account) {}
}
