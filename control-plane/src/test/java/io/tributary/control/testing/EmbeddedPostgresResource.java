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

  /** The database of the running tests, for the outage tests' {@link #stopDatabase}. */
  private static volatile EmbeddedPostgresResource running;

  private EmbeddedDatabase db;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("tributary-control-test");
      db = EmbeddedDatabase.start(dir);
      running = this;
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

  /**
   * Stops PostgreSQL (and its watchdog), as an outage: requests that need it get 503 until {@link
   * #startDatabase}.
   */
  public static synchronized void stopDatabase() {
    running.db.close();
  }

  /** Starts PostgreSQL again on the same port and data, after {@link #stopDatabase}. */
  public static synchronized void startDatabase() {
    EmbeddedPostgresResource r = running;
    r.db = EmbeddedDatabase.start(r.dir, r.db.port());
  }

  @Override
  public void stop() {
    if (db != null) {
      db.close();
    }
  }
}
