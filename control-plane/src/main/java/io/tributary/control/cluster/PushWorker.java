package io.tributary.control.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.control.account.AccountEntity;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Delivers account JWTs to the nodes of their clusters. It drains the outbox (rows written in the
 * transactions that changed accounts), pushes each account's current JWT to every node it is placed
 * on (or deletes it where it no longer belongs), records per node what it acknowledged, and keeps
 * the rows of accounts some node has not taken yet, retrying them with backoff (0.5 s doubling to
 * 60 s; at once when a node reconnects). A node that (re)connects is compared with what it should
 * hold ({@code CLAIMS.LIST} and {@code LOOKUP}) and brought up to date. Runs on one thread, woken
 * at once when a change commits (on any instance: a PostgreSQL notification) and every second
 * otherwise. With several instances on one database only the one that holds the {@link
 * PushLeadership} lock pushes; it compares every node when it takes over.
 */
@ApplicationScoped
public class PushWorker {
  private static final Logger LOG = Logger.getLogger(PushWorker.class);
  private static final int BATCH = 100;

  /** Fired in a transaction that wrote an outbox row or changed clusters. */
  public record Changed() {}

  @Inject OperatorService operators;
  @Inject KeyCustody custody;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> dbUser;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> dbPassword;

  /** PEM file with the CA certificates of nodes reached over TLS, when not a public CA. */
  @ConfigProperty(name = "tributary.nodes.tls.ca-file")
  Optional<String> nodesCaFile;

  /** An account some node has not taken: how often in a row, and when to try again. */
  private record Backoff(int failures, long next, long upTo) {}

  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
  private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
  private final Set<String> toSync = ConcurrentHashMap.newKeySet();
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;
  private PushLeadership leadership;
  private boolean pushing;
  private SSLContext nodesTls;

  void onStart(@Observes StartupEvent event) {
    nodesTls = nodesCaFile.map(f -> NodeTls.trusting(Path.of(f))).orElse(null);
    Properties login = new Properties();
    dbUser.ifPresent(u -> login.setProperty("user", u));
    dbPassword.ifPresent(p -> login.setProperty("password", p));
    leadership = new PushLeadership(() -> DriverManager.getConnection(jdbcUrl, login));
    running = true;
    thread = new Thread(this::loop, "push-worker");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    wake.release();
    thread.join(5_000);
    links.values().forEach(NodeLink::close);
    leadership.close();
  }

  void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed event) {
    wake.release();
  }

  /** Tells the pusher, whichever instance it is, when the change commits. */
  void notifyPusher(@Observes Changed event) {
    PushOutbox.getEntityManager()
        .createNativeQuery("select pg_notify('" + PushLeadership.CHANNEL + "', '')")
        .getSingleResult();
  }

  /** Whether the control plane holds a live connection to the node at {@code url}. */
  public boolean isConnected(String url) {
    NodeLink l = links.get(url);
    return l != null && l.isConnected();
  }

  private void loop() {
    while (running) {
      try {
        awaitWork();
        wake.drainPermits();
        if (!running) {
          return;
        }
        refreshLinks();
        if (!leadership.holds()) {
          pushing = false; // another instance pushes; links stay open for status
          continue;
        }
        if (!pushing) {
          pushing = true; // what happened while another instance pushed is unknown: compare all
          toSync.addAll(links.keySet());
        }
        for (String url : List.copyOf(toSync)) {
          toSync.remove(url);
          sync(url);
          backoff.clear(); // a node came back: pending accounts may go through now
        }
        deliverOutbox();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("push round failed (retrying): %s", e.getMessage());
        sleep(1_000);
      }
    }
  }

  /**
   * Waits up to a second for something to do: a change committed on any instance (the pusher hears
   * it from PostgreSQL), or here a node that (re)connected or a stop.
   */
  private void awaitWork() throws InterruptedException {
    if (!pushing) {
      wake.tryAcquire(1, TimeUnit.SECONDS);
      return;
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() - end < 0 && !leadership.awaitChange(Duration.ofMillis(100))) {
      if (wake.tryAcquire()) {
        return;
      }
    }
  }

  /** Opens a link to every node of every cluster, and closes links to nodes no longer listed. */
  private void refreshLinks() {
    Set<String> urls =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Set<String> all = new HashSet<>();
                  ClusterEntity.<ClusterEntity>listAll().forEach(c -> all.addAll(c.urls));
                  return all;
                });
    if (urls.equals(links.keySet())) {
      return;
    }
    OperatorEntity op = QuarkusTransaction.requiringNew().call(() -> operators.bootstrap());
    String seed =
        QuarkusTransaction.requiringNew().call(() -> custody.load(op.systemUserSecretId).seed());
    for (String url : urls) {
      links.computeIfAbsent(
          url,
          u ->
              new NodeLink(
                  u,
                  op.systemUserJwt,
                  seed,
                  nodesTls,
                  () -> {
                    toSync.add(u);
                    wake.release();
                  }));
    }
    for (String url : List.copyOf(links.keySet())) {
      if (!urls.contains(url)) {
        links.remove(url).close();
      }
    }
  }

  /** The accounts (key → JWT) the node at {@code url} should hold. */
  private Map<String, String> desiredOn(String url) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Set<Long> clusters = new HashSet<>();
              for (ClusterEntity c : ClusterEntity.<ClusterEntity>listAll()) {
                if (c.urls.contains(url)) {
                  clusters.add(c.id);
                }
              }
              Map<String, String> out = new LinkedHashMap<>();
              for (AccountEntity a : AccountEntity.<AccountEntity>listAll()) {
                if (a.clusterIds.isEmpty() || a.clusterIds.stream().anyMatch(clusters::contains)) {
                  out.put(a.publicKey, a.jwt);
                }
              }
              return out;
            });
  }

  /** Brings one node up to date with what it should hold. */
  private void sync(String url) {
    NodeLink link = links.get(url);
    if (link == null || !link.isConnected()) {
      return;
    }
    Map<String, String> desired = desiredOn(url);
    String system =
        QuarkusTransaction.requiringNew().call(() -> operators.bootstrap()).systemAccount;
    Set<String> held = new HashSet<>(link.list());
    int pushed = 0;
    for (Map.Entry<String, String> e : desired.entrySet()) {
      String key = e.getKey();
      boolean current = held.contains(key) && e.getValue().equals(link.lookup(key));
      NodeLink.Result r = current ? new NodeLink.Result(true, "held") : link.update(e.getValue());
      if (!current) {
        pushed++;
      }
      record(url, key, r.ok() ? hash(e.getValue()) : null, r.ok() ? null : r.message());
    }
    for (String key : held) {
      if (!desired.containsKey(key) && !key.equals(system)) {
        NodeLink.Result r = link.delete(deleteRequest(key));
        record(url, key, null, r.ok() ? null : r.message());
        pushed++;
      }
    }
    LOG.infof("node %s in sync: %d accounts, %d pushed or deleted", url, desired.size(), pushed);
  }

  /** Pushes the current state of every account in the outbox to the nodes it concerns. */
  private void deliverOutbox() {
    List<Object[]> pending =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    PushOutbox.getEntityManager()
                        .createQuery(
                            "select o.accountKey, max(o.id) from PushOutbox o group by o.accountKey"
                                + " order by min(o.id)",
                            Object[].class)
                        .setMaxResults(BATCH)
                        .getResultList());
    long now = System.nanoTime();
    for (Object[] row : pending) {
      String key = (String) row[0];
      long upTo = (Long) row[1];
      Backoff b = backoff.get(key);
      if (b != null && now - b.next() < 0 && upTo == b.upTo()) { // a newer change goes at once
        continue;
      }
      if (deliver(key)) {
        backoff.remove(key);
        QuarkusTransaction.requiringNew()
            .run(() -> PushOutbox.delete("accountKey = ?1 and id <= ?2", key, upTo));
      } else {
        int failures = b == null ? 1 : b.failures() + 1;
        long wait = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(failures - 1, 16));
        backoff.put(key, new Backoff(failures, now + wait, upTo));
      }
    }
  }

  /** True if every node that should hold (or drop) the account acknowledged. */
  private boolean deliver(String key) {
    boolean all = true;
    for (Map.Entry<String, Optional<String>> e : targets(key).entrySet()) {
      String url = e.getKey();
      NodeLink link = links.get(url);
      String jwt = e.getValue().orElse(null);
      if (!link.isConnected()) {
        all = false; // brought up to date when it connects again
        continue;
      }
      try {
        if (jwt != null) {
          NodeLink.Result r = link.update(jwt);
          record(url, key, r.ok() ? hash(jwt) : null, r.ok() ? null : r.message());
          all &= r.ok();
        } else if (heldBy(url, key)) {
          NodeLink.Result r = link.delete(deleteRequest(key));
          record(url, key, null, r.ok() ? null : r.message());
          all &= r.ok();
        }
      } catch (RuntimeException ex) {
        record(url, key, null, ex.getMessage());
        all = false;
      }
    }
    return all;
  }

  /** For every node: the account's JWT if it belongs there, empty if it does not (any more). */
  private Map<String, Optional<String>> targets(String key) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              AccountEntity a = AccountEntity.find("publicKey", key).firstResult();
              List<ClusterEntity> clusters = ClusterEntity.listAll();
              Map<String, Optional<String>> out = new HashMap<>();
              for (String url : links.keySet()) {
                boolean belongs =
                    a != null
                        && (a.clusterIds.isEmpty()
                            || clusters.stream()
                                .anyMatch(
                                    c -> c.urls.contains(url) && a.clusterIds.contains(c.id)));
                out.put(url, belongs ? Optional.of(a.jwt) : Optional.empty());
              }
              return out;
            });
  }

  private boolean heldBy(String url, String key) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                !PushOutbox.getEntityManager()
                    .createNativeQuery(
                        "select 1 from node_account where node_url = ?1 and account_key = ?2"
                            + " and (jwt_hash is not null or error is not null)")
                    .setParameter(1, url)
                    .setParameter(2, key)
                    .getResultList()
                    .isEmpty());
  }

  /** A request to delete {@code key}, self-signed by the operator's identity key. */
  private String deleteRequest(String key) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              OperatorEntity op = operators.bootstrap();
              GenericClaims del = new GenericClaims(op.publicKey);
              del.nats.put("accounts", List.of(key));
              return JwtCodec.encode(del, custody.load(op.identitySecretId));
            });
  }

  private static void record(String url, String key, String hash, String error) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                PushOutbox.getEntityManager()
                    .createNativeQuery(
                        "insert into node_account (node_url, account_key, jwt_hash, error)"
                            + " values (?1, ?2, ?3, ?4) on conflict (node_url, account_key) do"
                            + " update set jwt_hash = excluded.jwt_hash, error = excluded.error,"
                            + " updated_at = now()")
                    .setParameter(1, url)
                    .setParameter(2, key)
                    .setParameter(3, hash)
                    .setParameter(4, error)
                    .executeUpdate());
  }

  /** What identifies a JWT in the node records: hex SHA-256 of its text. */
  public static String hash(String jwt) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
