package io.tributary.control.cluster;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.control.claims.PushOutbox;
import io.tributary.control.claims.PushRequested;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * The push worker's loop: one thread ({@code push-worker}) that keeps a {@link NodeLinks link} to
 * every node, and — while this instance holds the {@link PushLeadership} — brings nodes that
 * (re)connected up to date ({@link NodeSync}) and drains the outbox ({@link OutboxDrain}). It wakes
 * at once when a change commits (on any instance: a PostgreSQL notification the leader listens for)
 * or a node connects, and every second otherwise. An instance that takes the lead compares every
 * node first: what happened while another instance pushed is unknown to it.
 *
 * <p>Threads: the loop runs on its own thread; transactions that request a push notify from their
 * own thread ({@link #notifyPusher}, {@link #onCommit}); jnats threads report connects.
 */
@ApplicationScoped
public class PushWorker {
  private static final Logger LOG = Logger.getLogger(PushWorker.class);

  @Inject NodeLinks links;
  @Inject NodeSync nodeSync;
  @Inject OutboxDrain outbox;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> dbUser;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> dbPassword;

  private final Set<String> toSync = ConcurrentHashMap.newKeySet();
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;
  private PushLeadership leadership;
  private boolean pushing;

  void onStart(@Observes StartupEvent event) {
    links.configure();
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
    links.closeAll();
    leadership.close();
  }

  void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) PushRequested event) {
    wake.release();
  }

  /** Tells the pusher, whichever instance it is, when the change commits. */
  void notifyPusher(@Observes PushRequested event) {
    PushOutbox.getEntityManager()
        .createNativeQuery("select pg_notify('" + PushLeadership.CHANNEL + "', '')")
        .getSingleResult();
  }

  private void loop() {
    while (running) {
      try {
        awaitWork();
        wake.drainPermits();
        if (!running) {
          return;
        }
        links.refresh(
            QuarkusTransaction.requiringNew().call(() -> Placement.nodes(ClusterEntity.listAll())),
            this::connected);
        if (!leadership.holds()) {
          pushing = false; // another instance pushes; links stay open for status
          continue;
        }
        if (!pushing) {
          pushing = true; // what happened while another instance pushed is unknown: compare all
          toSync.addAll(links.urls());
        }
        for (String url : List.copyOf(toSync)) {
          toSync.remove(url);
          nodeSync.sync(url);
          outbox.nodeReturned();
        }
        outbox.drain();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("push round failed (retrying): %s", e.getMessage());
        sleep(1_000);
      }
    }
  }

  /** A node (re)connected (on a jnats thread): compare it at the next round, which is now. */
  private void connected(String url) {
    toSync.add(url);
    wake.release();
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
