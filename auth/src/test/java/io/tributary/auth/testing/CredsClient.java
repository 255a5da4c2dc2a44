package io.tributary.auth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The one way tests connect a jnats client with a creds file (operator mode), to our node or to
 * nats-server alike: no reconnects, a short connect timeout, {@code -ERR} texts recorded and closes
 * counted. Published in the test-jar for every module's tests.
 */
public final class CredsClient {
  // jnats waits out its connect timeout after an auth error on either server; keep refusals quick.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private CredsClient() {}

  /** Connects with {@code creds}. */
  public static Connection connect(String url, String creds) throws IOException {
    return connect(url, creds, new CopyOnWriteArrayList<>());
  }

  /**
   * Connects with {@code creds}; asynchronous errors (permission violations) go to {@code errors}.
   */
  public static Connection connect(String url, String creds, List<String> errors)
      throws IOException {
    return connect(url, creds, errors, new CountDownLatch(1));
  }

  /**
   * Connects with {@code creds}; {@code errors} collects {@code -ERR} texts, {@code closed} counts
   * down when the connection is lost or closed.
   */
  public static Connection connect(
      String url, String creds, List<String> errors, CountDownLatch closed) throws IOException {
    try {
      return Nats.connect(options(url, creds, errors, closed).build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + url, e);
    }
  }

  /** The options {@link #connect} uses, for a test that needs to add one of its own. */
  public static Options.Builder options(
      String url, String creds, List<String> errors, CountDownLatch closed) throws IOException {
    Path file = Files.createTempFile("user", ".creds");
    Files.writeString(file, creds);
    file.toFile().deleteOnExit();
    return new Options.Builder()
        .server(url)
        .authHandler(Nats.credentials(file.toString()))
        .maxReconnects(0)
        .connectionTimeout(CONNECT_TIMEOUT)
        .connectionListener(
            (conn, event) -> {
              if (event == ConnectionListener.Events.DISCONNECTED
                  || event == ConnectionListener.Events.CLOSED) {
                closed.countDown();
              }
            })
        .errorListener(
            new ErrorListener() {
              @Override
              public void errorOccurred(Connection conn, String error) {
                errors.add(error);
              }
            });
  }

  /** "connected", or the first {@code -ERR} text the server sent (or why the connect failed). */
  public static String outcome(String url, String creds) {
    List<String> errors = new CopyOnWriteArrayList<>();
    try (Connection nc = connect(url, creds, errors)) {
      return nc.getStatus() == Connection.Status.CONNECTED
          ? "connected"
          : "status " + nc.getStatus();
    } catch (Exception e) {
      return errors.isEmpty() ? "refused: " + e.getMessage() : errors.get(0);
    }
  }

  /** The errors once {@code n} arrived (jnats reports them on another thread), or after 2 s. */
  public static List<String> awaitErrors(List<String> errors, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (errors.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // and no more than n
    return List.copyOf(errors);
  }
}
