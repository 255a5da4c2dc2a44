package io.tributary.control.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tributary.control.database.EmbeddedDatabase;

/**
 * Runs the control plane in tests against a real PostgreSQL: the embedded server the service itself
 * uses by default, on a free port, with its data (and the master key) in a fresh directory.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  private EmbeddedDatabase db;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("tributary-control-test");
      db = EmbeddedDatabase.start(dir);
      return Map.of(
          "quarkus.datasource.jdbc.url",
          db.jdbcUrl(),
          "quarkus.datasource.username",
          EmbeddedDatabase.USER,
          "quarkus.datasource.password",
          EmbeddedDatabase.USER,
          "tributary.data-dir",
          dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (db != null) {
      db.close();
    }
  }
}
