package io.tributary.dataplane.system;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;

/**
 * What the node serves and publishes in the system account in operator mode: the resolver's
 * subjects, account advisories and server statistics.
 */
public final class SystemServices implements AutoCloseable {
  /** How often {@code $SYS.SERVER.<id>.STATSZ} is published. */
  public static final Duration STATSZ_INTERVAL = Duration.ofSeconds(10);

  private final ResolverService resolver;
  private final AccountEvents events;
  private final ServerEvents serverEvents;

  public SystemServices(
      Account system,
      AccountRegistry accounts,
      ServerIdentity identity,
      Supplier<Map<String, Object>> statsz,
      Supplier<Map<String, Object>> varz) {
    SystemPublisher publisher = new SystemPublisher(system, identity);
    this.resolver = new ResolverService(publisher, accounts);
    this.events = new AccountEvents(publisher);
    this.serverEvents = new ServerEvents(publisher, identity.id(), statsz, varz, STATSZ_INTERVAL);
  }

  public AccountEvents events() {
    return events;
  }

  @Override
  public void close() {
    serverEvents.close();
    resolver.close();
  }
}
