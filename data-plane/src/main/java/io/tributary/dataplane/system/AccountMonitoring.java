package io.tributary.dataplane.system;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountServices;
import io.tributary.dataplane.account.InternalClient;

/**
 * The monitoring requests nats-server answers inside every tenant account, about that account only:
 * {@code $SYS.REQ.ACCOUNT.PING.CONNZ} and {@code $SYS.REQ.SERVER.PING.CONNZ} (its connections),
 * {@code $SYS.REQ.ACCOUNT.PING.STATZ} (its counters), each in nats-server's {@code {"server",
 * "data"}} envelope. Served by an internal client in each account (not the system account: its
 * users ask the server-wide subjects).
 */
public final class AccountMonitoring implements AutoCloseable {
  static final List<String> CONNZ =
      List.of("$SYS.REQ.ACCOUNT.PING.CONNZ", "$SYS.REQ.SERVER.PING.CONNZ");
  static final String STATZ = "$SYS.REQ.ACCOUNT.PING.STATZ";

  private final AccountServices services;

  /**
   * @param connz an account's connections, as {@code /connz?acc=} shows them
   * @param statz an account's {@code account_statz} report
   */
  public AccountMonitoring(
      String systemAccount,
      ServerIdentity identity,
      Function<Account, Map<String, Object>> connz,
      Function<Account, Map<String, Object>> statz,
      Executor executor) {
    this.services =
        new AccountServices(
            "monitoring",
            a -> !a.name().equals(systemAccount),
            executor,
            client -> {
              SystemPublisher publisher = new SystemPublisher(client, identity);
              Account a = client.account();
              for (String s : CONNZ) {
                client.subscribe(s, m -> answer(publisher, m, connz.apply(a)));
              }
              client.subscribe(STATZ, m -> answer(publisher, m, statz.apply(a)));
            });
  }

  /** What to register with the account registry, so every account gets the service. */
  public AccountServices services() {
    return services;
  }

  private static void answer(
      SystemPublisher publisher, InternalClient.Message m, Map<String, Object> data) {
    if (m.reply() != null) {
      publisher.reply(m.reply(), publisher.envelope("data", data));
    }
  }

  @Override
  public void close() {
    services.close();
  }
}
