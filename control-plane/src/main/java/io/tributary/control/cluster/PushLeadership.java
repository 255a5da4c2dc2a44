package io.tributary.control.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Which of several control-plane instances on one database pushes to the nodes: the one whose
 * database session holds a PostgreSQL advisory lock. The lock goes with the session, so when that
 * instance stops, dies or loses its connection, another one takes over at its next check. One
 * pusher keeps the per-node records and the outbox consistent and the nodes' load single. The same
 * session listens for the notifications that every instance sends when it commits a change, so that
 * the pusher wakes at once whichever instance made the change.
 */
final class PushLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PushLeadership.class);

  /** The advisory lock's key: "tribpush" in ASCII. */
  static final long LOCK_KEY = 0x7472_6962_7075_7368L;

  /** The notification channel for committed changes ({@code pg_notify} is sent at commit). */
  static final String CHANNEL = "tributary_push";

  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  /** Opens a database session of its own (not from the pool: closing it must end the session). */
  @FunctionalInterface
  interface Sessions {
    Connection open() throws SQLException;
  }

  private final Sessions sessions;
  private Connection session;

  PushLeadership(Sessions sessions) {
    this.sessions = sessions;
  }

  /** True if this instance is the pusher now: it still holds the lock, or has just taken it. */
  boolean holds() {
    if (session != null) {
      if (alive(session)) {
        return true;
      }
      LOG.warn("lost the database session that made this instance the pusher");
      closeSession();
    }
    Connection c = null;
    try {
      c = sessions.open();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
        if (rs.next() && rs.getBoolean(1)) {
          st.execute("listen " + CHANNEL);
          session = c;
          LOG.info("this instance now pushes account JWTs to the nodes");
          return true;
        }
      }
    } catch (SQLException e) {
      LOG.debugf("cannot check the push lock: %s", e.getMessage());
    }
    close(c);
    return false;
  }

  /**
   * Waits up to {@code timeout} for a change committed by any instance; true if one came. Only for
   * the pusher (after {@link #holds} said so); trouble with the session shows at the next check.
   */
  boolean awaitChange(Duration timeout) throws InterruptedException {
    try {
      var changes = session.unwrap(PGConnection.class).getNotifications((int) timeout.toMillis());
      return changes != null && changes.length > 0;
    } catch (SQLException e) {
      Thread.sleep(timeout.toMillis());
      return false;
    }
  }

  private static boolean alive(Connection c) {
    try {
      return c.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeSession() {
    close(session);
    session = null;
  }

  private static void close(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // the session is gone either way, and the lock with it
    }
  }

  /** Gives the lock up (by ending the session), so that another instance takes over at once. */
  @Override
  public void close() {
    closeSession();
  }
}
