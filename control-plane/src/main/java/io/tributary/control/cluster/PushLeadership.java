package io.tributary.control.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jboss.logging.Logger;

/**
 * Which of several control-plane instances on one database pushes to the nodes: the one whose
 * database session holds a PostgreSQL advisory lock. The lock goes with the session, so when that
 * instance stops, dies or loses its connection, another one takes over at its next check. One
 * pusher keeps the per-node records and the outbox consistent and the nodes' load single.
 */
final class PushLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PushLeadership.class);

  /** The advisory lock's key: "tribpush" in ASCII. */
  static final long LOCK_KEY = 0x7472_6962_7075_7368L;

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
