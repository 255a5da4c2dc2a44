package io.tributary.control.inspect;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.control.account.AccountService;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.cluster.ClusterService;
import io.tributary.control.cluster.NodeLinks;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.SigningKeyEntity;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One read-only reader per account, made on demand: a user signed by the account's signing key that
 * may only ask (the JetStream API's info, list and get requests, the account's monitoring subjects)
 * and receive the answers, whose JWT expires after five minutes, connected to a node that holds the
 * account's current JWT. Each one made is audited ({@code account.inspect}), naming who asked. A
 * reader is replaced before its user expires and closed after a minute unused.
 */
@ApplicationScoped
public class AccountReaders {
  private static final Logger LOG = Logger.getLogger(AccountReaders.class);

  /** How long a reader's user may connect. */
  static final Duration LIFETIME = Duration.ofMinutes(5);

  private static final Duration MARGIN = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofMinutes(1);

  /** What the reader may publish to: questions only, nothing that creates, changes or acks. */
  static final List<String> MAY_ASK =
      List.of(
          "$JS.API.INFO",
          "$JS.API.STREAM.NAMES",
          "$JS.API.STREAM.LIST",
          "$JS.API.STREAM.INFO.*",
          "$JS.API.STREAM.MSG.GET.*",
          "$JS.API.CONSUMER.NAMES.*",
          "$JS.API.CONSUMER.LIST.*",
          "$JS.API.CONSUMER.INFO.*.*",
          "$SYS.REQ.ACCOUNT.PING.STATZ",
          "$SYS.REQ.ACCOUNT.PING.CONNZ");

  private static final String INBOXES = "_INBOX_tributary_reader";

  /** The readers' user and connection name. */
  static final String NAME = "tributary-console-reader";

  @Inject AccountService accounts;
  @Inject ClusterService clusters;
  @Inject NodeLinks links;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  private final Map<Long, AccountReader> readers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "account-reader-sweeper");
            t.setDaemon(true);
            return t;
          });

  AccountReaders() {
    sweeper.scheduleWithFixedDelay(this::sweep, 15, 15, TimeUnit.SECONDS);
  }

  /** The account's reader, made (and audited as {@code by}'s) if it has none that is usable. */
  AccountReader of(AccountEntity a, Actor by) {
    AccountReader r = readers.get(a.id);
    if (r != null && r.usable(MARGIN)) {
      return r;
    }
    synchronized (this) {
      r = readers.get(a.id);
      if (r != null && r.usable(MARGIN)) {
        return r;
      }
      if (r != null) {
        readers.remove(a.id).close();
      }
      r = open(a, by);
      readers.put(a.id, r);
      return r;
    }
  }

  /** How many nodes hold the account's current JWT (how many answers a ping may get). */
  int nodes(AccountEntity a) {
    return (int) clusters.pushStatus(a).stream().filter(n -> "current".equals(n.state())).count();
  }

  private AccountReader open(AccountEntity a, Actor by) {
    List<String> urls =
        clusters.pushStatus(a).stream()
            .filter(n -> "current".equals(n.state()))
            .sorted((x, y) -> Boolean.compare(y.connected(), x.connected()))
            .map(ClusterService.NodeState::url)
            .toList();
    if (urls.isEmpty()) {
      throw ApiProblem.NO_NODE.exception(
          "no node holds account '" + a.name + "''s current JWT yet (see its push status)");
    }
    NKey user = NKey.generate(NKeyType.USER);
    Instant expires = Instant.now().plus(LIFETIME);
    String jwt =
        QuarkusTransaction.joiningExisting()
            .call(
                () -> {
                  UserClaims c = UserClaims.create(user.publicKey(), NAME);
                  c.nats.pub.allow.addAll(MAY_ASK);
                  c.nats.sub.allow.add(INBOXES + ".>");
                  c.nats.issuerAccount = a.publicKey;
                  c.expires = expires.getEpochSecond();
                  SigningKeyEntity key = accounts.defaultSigningKey(a);
                  String signed = JwtCodec.encode(c, custody.load(key.secretId));
                  audit.record(
                      by,
                      "account.inspect",
                      a.name,
                      a.name,
                      "read-only user " + user.publicKey() + " until " + expires);
                  return signed;
                });
    IOException last = null;
    for (String url : urls) {
      Options.Builder b =
          new Options.Builder()
              .server(url)
              .authHandler(Nats.staticCredentials(jwt.toCharArray(), user.seed().toCharArray()))
              .connectionName(NAME)
              .inboxPrefix(INBOXES)
              .connectionTimeout(Duration.ofSeconds(2))
              .maxReconnects(0)
              .ignoreDiscoveredServers()
              .noRandomize();
      if (links.tls() != null) {
        b.sslContext(links.tls());
      }
      try {
        Connection c = Nats.connect(b.build());
        return new AccountReader(c, url, expires);
      } catch (IOException e) {
        LOG.debugf("reader of %s could not connect to %s: %s", a.name, url, e.getMessage());
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw ApiProblem.NO_NODE.exception(
        "no node of account '"
            + a.name
            + "' could be reached ("
            + String.join(", ", urls)
            + (last == null ? "" : ": " + last.getMessage())
            + ")");
  }

  private void sweep() {
    readers.forEach(
        (id, r) -> {
          if (r.idleNanos() > IDLE.toNanos() || !r.usable(MARGIN)) {
            if (readers.remove(id, r)) {
              r.close();
            }
          }
        });
  }

  @PreDestroy
  void close() {
    sweeper.shutdownNow();
    readers.values().forEach(AccountReader::close);
    readers.clear();
  }
}
