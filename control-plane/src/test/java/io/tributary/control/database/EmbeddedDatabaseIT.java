package io.tributary.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its data across a stop and a start on the same directory. */
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

  private static Connection connect(EmbeddedDatabase db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.USER);
  }
}
