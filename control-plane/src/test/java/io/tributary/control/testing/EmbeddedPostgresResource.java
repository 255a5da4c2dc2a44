package io.tributary.control.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tributary.control.console.TokenKeys;
import io.tributary.control.database.EmbeddedDatabase;

/**
 * Runs the control plane in tests against a real PostgreSQL: the embedded server the service itself
 * uses by default, on a free port, with its data (and the master key and API token keys) in a fresh
 * directory.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  /** The first-start password of {@code admin} in tests. */
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private EmbeddedDatabase db;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("tributary-control-test");
      db = EmbeddedDatabase.start(dir);
      TokenKeys.ensure(dir);
      Map<String, String> config = new HashMap<>();
      config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
      config.put("quarkus.datasource.username", EmbeddedDatabase.USER);
      config.put("quarkus.datasource.password", EmbeddedDatabase.USER);
      config.put("tributary.data-dir", dir.toString());
      config.put("tributary.admin-password", ADMIN_PASSWORD);
      return config;
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
