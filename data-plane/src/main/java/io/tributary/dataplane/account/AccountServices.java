package io.tributary.dataplane.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * A node-internal service in every account that qualifies: one {@link InternalClient} per such
 * account, set up when the account appears (or starts to qualify, when new claims grant it) and
 * closed when it goes (or stops qualifying). Register it with {@link AccountRegistry#addListener};
 * it is told of the accounts already there, the global account included. This is the seam for
 * services like JetStream's {@code $JS.API.>}.
 */
public final class AccountServices implements AccountListener, AutoCloseable {
  /** Subscribes a new account's client to what the service serves. */
  @FunctionalInterface
  public interface Setup {
    void start(InternalClient client);
  }

  private final String name;
  private final Predicate<Account> qualifies;
  private final Executor executor;
  private final Setup setup;
  private final Map<Account, InternalClient> clients = new ConcurrentHashMap<>();

  /**
   * @param name the service's name, in its subscriptions' ids
   * @param qualifies which accounts get the service (checked again on every claims update)
   * @param executor where the service's handlers run
   */
  public AccountServices(
      String name, Predicate<Account> qualifies, Executor executor, Setup setup) {
    this.name = name;
    this.qualifies = qualifies;
    this.executor = executor;
    this.setup = setup;
  }

  @Override
  public void added(Account account) {
    updated(account);
  }

  @Override
  public void updated(Account account) {
    if (qualifies.test(account)) {
      clients.computeIfAbsent(
          account,
          a -> {
            InternalClient c = new InternalClient(a, name, executor);
            setup.start(c);
            return c;
          });
    } else {
      removed(account);
    }
  }

  @Override
  public void removed(Account account) {
    InternalClient c = clients.remove(account);
    if (c != null) {
      c.close();
    }
  }

  /** The service's client in {@code account}, or null if the account does not have it. */
  public InternalClient client(Account account) {
    return clients.get(account);
  }

  @Override
  public void close() {
    clients.values().forEach(InternalClient::close);
    clients.clear();
  }
}
