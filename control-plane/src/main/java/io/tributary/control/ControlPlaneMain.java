package io.tributary.control;

import java.nio.file.Path;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tributary.control.console.TokenKeys;
import io.tributary.control.database.EmbeddedDatabase;

/**
 * {@code tributary control [--port 8080] [--data-dir ./data] [--db-port N]}: starts the control
 * plane. Without a configured datasource ({@code quarkus.datasource.jdbc.url} or {@code
 * QUARKUS_DATASOURCE_JDBC_URL}) it first starts the embedded PostgreSQL with its data under the
 * data directory (on {@code --db-port}, else a free port), and stops it after the service.
 */
@QuarkusMain
public final class ControlPlaneMain {
  private ControlPlaneMain() {}

  public static void main(String... args) {
    String port = "8080";
    Path dataDir = Path.of("data");
    int dbPort = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = value(args, ++i);
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--db-port" -> dbPort = portNumber(args[i], value(args, ++i));
        case "-h", "--help" -> {
          System.out.println(
              """
              usage: tributary control [--port 8080] [--data-dir ./data] [--db-port N]
                --db-port N   the embedded PostgreSQL's loopback port (default: a free one); \
              not used with QUARKUS_DATASOURCE_JDBC_URL""");
          return;
        }
        default -> {
          System.err.println("tributary control: unknown argument '" + args[i] + "'");
          System.exit(2);
        }
      }
    }
    System.setProperty("quarkus.http.port", port);
    System.setProperty("tributary.data-dir", dataDir.toAbsolutePath().toString());
    TokenKeys.ensure(dataDir.toAbsolutePath());
    EmbeddedDatabase db = null;
    if (System.getProperty("quarkus.datasource.jdbc.url") == null
        && System.getenv("QUARKUS_DATASOURCE_JDBC_URL") == null) {
      db = EmbeddedDatabase.start(dataDir, dbPort);
      System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
      System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
      System.setProperty("quarkus.datasource.password", EmbeddedDatabase.USER);
    }
    try {
      Quarkus.run();
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  private static int portNumber(String flag, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println(
        "tributary control: " + flag + " needs a port (1-65535), not '" + value + "'");
    System.exit(2);
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println("tributary control: " + args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
