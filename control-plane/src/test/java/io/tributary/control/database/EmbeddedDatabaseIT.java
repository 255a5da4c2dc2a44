package io.tributary.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL keeps its data across a stop and a start on the same directory, and its
 * watchdog brings it back however often it dies.
 */
@Tag("outside-quarkus")
class EmbeddedDatabaseIT {
  @TempDir Path dir;

  @Test
  void dataSurvivesARestart() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
        Connection c = connect(db)) {
      c.createStatement().execute("create table kept (v text)");
      c.createStatement().execute("insert into kept values ('still here')");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
        Connection c = connect(db);
        ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
      assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + db.port() + "/");
    }
  }

  @Test
  void comesBackWhenKilledAgainWhileItRestarts() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
      try (Connection c = connect(db)) {
        c.createStatement().execute("create table kept (v text)");
        c.createStatement().execute("insert into kept values ('still here')");
      }
      long first = db.pid().orElseThrow();
      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      // The watchdog starts a new server within about a second: killed as soon as it appears,
      // while the embedding library still waits for it to accept connections, its start fails.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long second = 0;
      while (second == 0) {
        assertThat(System.nanoTime()).as("a new server started").isLessThan(deadline);
        second = db.pid().filter(p -> p != first).orElse(0L);
        Thread.sleep(2);
      }
      ProcessHandle.of(second).ifPresent(ProcessHandle::destroyForcibly);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        assertThat(System.nanoTime()).as("back within a minute").isLessThan(deadline);
        try (Connection c = connect(db);
            ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("still here");
          break;
        } catch (SQLException notYet) {
          Thread.sleep(250);
        }
      }
      assertThat(db.pid()).isPresent().get().isNotIn(first, second);
    }
  }

  private static Connection connect(EmbeddedDatabase db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.USER);
  }
}
