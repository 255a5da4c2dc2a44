package io.tributary.dataplane.system;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.client.ClientSnapshot;

/**
 * What the node serves and publishes in the system account in operator mode: the resolver's
 * subjects, account advisories and server statistics, through one internal client whose handlers
 * run one at a time on a worker thread of their own (storing a JWT fsyncs; never on an event loop);
 * and in every other account its own monitoring requests ({@link AccountMonitoring}).
 */
public final class SystemServices implements AutoCloseable {
  /** How often {@code $SYS.SERVER.<id>.STATSZ} is published. */
  public static final Duration STATSZ_INTERVAL = Duration.ofSeconds(10);

  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "system-services");
            t.setDaemon(true);
            return t;
          });
  private final InternalClient client;
  private final AccountEvents events;
  private final AccountMonitoring accountMonitoring;
  private final AccountRegistry accounts;

  /**
   * @param statsz the node's STATSZ report
   * @param varz the node's VARZ report
   * @param connz an account's connections, for its own {@code CONNZ} requests
   * @param accountStatz an account's counters, for its own {@code STATZ} requests
   */
  public SystemServices(
      Account system,
      AccountRegistry accounts,
      ServerIdentity identity,
      Supplier<Map<String, Object>> statsz,
      Supplier<Map<String, Object>> varz,
      Function<Account, Map<String, Object>> connz,
      Function<Account, Map<String, Object>> accountStatz) {
    this.client = new InternalClient(system, "system", worker);
    SystemPublisher publisher = new SystemPublisher(client, identity);
    new ResolverService(publisher, accounts);
    this.events = new AccountEvents(publisher);
    new ServerEvents(publisher, identity.id(), statsz, varz, STATSZ_INTERVAL, worker);
    this.accountMonitoring =
        new AccountMonitoring(system.name(), identity, connz, accountStatz, worker);
    this.accounts = accounts;
    accounts.addListener(accountMonitoring.services());
  }

  /** A client authenticated: {@code $SYS.ACCOUNT.<id>.CONNECT}. */
  public void connected(ClientSnapshot c) {
    worker.execute(() -> events.connected(c));
  }

  /** A client closed: {@code $SYS.ACCOUNT.<id>.DISCONNECT}. */
  public void disconnected(ClientSnapshot c) {
    worker.execute(() -> events.disconnected(c));
  }

  @Override
  public void close() {
    accounts.removeListener(accountMonitoring.services());
    accountMonitoring.close();
    client.close();
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
  }
}
