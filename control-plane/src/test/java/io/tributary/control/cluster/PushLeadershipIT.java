package io.tributary.control.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.control.database.EmbeddedDatabase;

/**
 * Several instances on one PostgreSQL: one pushes and is woken by changes that any instance
 * commits; another takes over when it stops or when its database session is gone.
 */
@Tag("outside-quarkus")
class PushLeadershipIT {
  @TempDir Path dir;

  @Test
  void oneInstancePushesAndAnotherTakesOver() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
        Connection admin = session(db)) {
      PushLeadership a = new PushLeadership(() -> session(db));
      PushLeadership b = new PushLeadership(() -> session(db));
      try {
        assertThat(a.holds()).isTrue();
        assertThat(b.holds()).isFalse();
        assertThat(a.holds()).as("kept across checks").isTrue();

        // a change committed by any instance wakes the pusher at once
        assertThat(a.awaitChange(Duration.ofMillis(100))).isFalse();
        admin.createStatement().execute("select pg_notify('" + PushLeadership.CHANNEL + "', '')");
        assertThat(a.awaitChange(Duration.ofSeconds(5))).as("notified, not timed out").isTrue();

        a.close(); // a stops
        assertThat(b.holds()).isTrue();
        assertThat(a.holds()).isFalse();

        // b's session is killed (a network cut, a database restart): the lock goes with it
        admin
            .createStatement()
            .execute(
                "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                    + " and granted");
        Instant deadline = Instant.now().plusSeconds(5);
        while (!a.holds()) { // the lock is released when the terminated backend has exited
          assertThat(Instant.now()).as("a takes over within 5 s").isBefore(deadline);
          Thread.sleep(50);
        }
        assertThat(b.holds()).as("b notices that it lost the lock").isFalse();
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static Connection session(EmbeddedDatabase db) throws java.sql.SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.USER);
  }
}
