package io.tributary.control.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tributary.auth.testing.Ports;

/**
 * The packaged control plane ({@code control-plane/target/quarkus-app}) in its own process, as
 * {@code tributary control} runs it: embedded PostgreSQL, a fresh data directory, a free port. For
 * other modules' tests (the CLI's, the operator's), through this module's test-jar; run from a
 * sibling module's directory.
 */
public final class ControlPlaneProcess implements AutoCloseable {
  /** The first console user {@code admin}'s password. */
  public static final String ADMIN_PASSWORD = "test-admin-password";

  private final Process process;
  private final Path dataDir;
  private final String url;

  private ControlPlaneProcess(Process process, Path dataDir, String url) {
    this.process = process;
    this.dataDir = dataDir;
    this.url = url;
  }

  /** Starts it and waits until it is ready (at most two minutes). */
  public static ControlPlaneProcess start() throws Exception {
    Path jar =
        Path.of("..", "control-plane", "target", "quarkus-app", "quarkus-run.jar")
            .toAbsolutePath()
            .normalize();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: package the control plane first");
    }
    Path dataDir = Files.createTempDirectory("tributary-control-plane-process");
    int port = Ports.freeLoopbackPort();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("control-plane.log").toFile());
    pb.environment().put("TRIBUTARY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    ControlPlaneProcess cp =
        new ControlPlaneProcess(pb.start(), dataDir, "http://127.0.0.1:" + port);
    cp.awaitReady();
    return cp;
  }

  /** Its base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return url;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the control plane exited: " + log());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the control plane did not get ready: " + log());
  }

  /** The last lines of its log. */
  public String log() throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("control-plane.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
