package io.tributary.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code nats-server}, run as the reference peer: writes the given config to a temp dir,
 * starts the server on 127.0.0.1 and a free port, and returns once it accepts connections. {@link
 * #close()} stops it. The binary is {@code $TRIBUTARY_NATS_SERVER}, else {@code nats-server} on the
 * PATH or in /usr/sbin; {@code .ci/run} installs it.
 */
public final class NatsServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;
  private final Path log;

  private NatsServerProcess(Process process, int port, Path dir, Path log) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.log = log;
  }

  /**
   * Starts a server. {@code configBody} is NATS config text without {@code host}/{@code port},
   * which are added; it may use {@code $DIR} for the server's own temp directory.
   */
  public static NatsServerProcess start(String configBody) {
    try {
      Path dir = Files.createTempDirectory("nats-server");
      int port = Ports.freeLoopbackPort();
      Path conf = dir.resolve("server.conf");
      Files.writeString(
          conf,
          "host: 127.0.0.1\nport: " + port + "\n" + configBody.replace("$DIR", dir.toString()),
          StandardCharsets.UTF_8);
      return launch(port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the configuration (as {@link #start} takes it) and makes the running server re-read it
   * (SIGHUP, nats-server's reload); returns once its log says it reloaded.
   */
  public void reload(String configBody) {
    try {
      int reloads = log().split("Reloaded server configuration", -1).length;
      Files.writeString(
          dir.resolve("server.conf"),
          "host: 127.0.0.1\nport: " + port + "\n" + configBody.replace("$DIR", dir.toString()),
          StandardCharsets.UTF_8);
      new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log().split("Reloaded server configuration", -1).length == reloads) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("nats-server did not reload: " + log());
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server again, after {@link #close()}, on the same port with the same directory. */
  public NatsServerProcess restart() {
    return launch(port, dir);
  }

  private static NatsServerProcess launch(int port, Path dir) {
    try {
      Path log = dir.resolve("server.log");
      Process p =
          new ProcessBuilder(binary(), "-c", dir.resolve("server.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      NatsServerProcess server = new NatsServerProcess(p, port, dir, log);
      server.awaitReady(Duration.ofSeconds(15));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  /** What the server has logged so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Path of the nats-server binary; fails with a hint if there is none. */
  public static String binary() {
    String env = System.getenv("TRIBUTARY_NATS_SERVER");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "nats-server not found: install Debian's package (apt-get install nats-server) or set TRIBUTARY_NATS_SERVER");
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "nats-server exited with " + process.exitValue() + ":\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    close();
    throw new IllegalStateException("nats-server did not start within " + timeout + ":\n" + log());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Renders {@code resolver_preload} entries for a config. */
  public static String preload(List<TestAccount> accounts) {
    return preload(TestAccount.jwtsById(accounts));
  }

  /** Renders {@code resolver_preload} entries for a config from account JWTs by account id. */
  public static String preload(Map<String, String> jwtsById) {
    StringBuilder b = new StringBuilder("resolver_preload: {\n");
    jwtsById.forEach(
        (id, jwt) -> b.append("  ").append(id).append(": \"").append(jwt).append("\"\n"));
    return b.append("}\n").toString();
  }
}
