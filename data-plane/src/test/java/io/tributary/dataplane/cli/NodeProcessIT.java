package io.tributary.dataplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.auth.testing.Ports;

/**
 * The node as users run it: a separate JVM that stops cleanly on SIGTERM, started with
 * nats-server's flags as a harness passes them ({@code -a -p -m -P -l}): its pid file while it
 * runs, its log in the log file.
 */
class NodeProcessIT {
  @TempDir Path dir;

  @Test
  void sigtermStopsTheNodeCleanly() throws Exception {
    int port = Ports.freeLoopbackPort();
    Path log = dir.resolve("node.log");
    Path pid = dir.resolve("node.pid");
    Path conf = Files.writeString(dir.resolve("node.conf"), "ping_interval: \"2m\"\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    NodeCli.class.getName(),
                    "-a",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(port),
                    "-m",
                    "0",
                    "-P",
                    pid.toString(),
                    "-l",
                    log.toString(),
                    "-c",
                    conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout").toFile())
            .start();
    try {
      Connection nc = null;
      for (int i = 0; i < 100 && nc == null; i++) {
        try {
          nc =
              Nats.connect(
                  new Options.Builder()
                      .server("nats://127.0.0.1:" + port)
                      .maxReconnects(0)
                      .build());
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(nc).as("node did not start:\n" + Files.readString(log)).isNotNull();
      nc.flush(Duration.ofSeconds(1));
      assertThat(Files.readString(pid).strip()).isEqualTo(String.valueOf(p.pid()));
      // nats-server's reload signal (SIGHUP, which would end a JVM) re-reads the config file
      Files.writeString(conf, "ping_interval: \"45s\"\n");
      assertThat(NodeCli.run(new String[] {"--signal", "reload", "-P", pid.toString()})).isZero();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!Files.readString(log).contains("reloaded") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readString(log)).contains("configuration reloaded: ping-interval");
      // a change that needs a restart is refused, and the node keeps its configuration
      Files.writeString(conf, "max_payload: 2MB\n");
      assertThat(NodeCli.run(new String[] {"--signal", "reload", "-P", pid.toString()})).isZero();
      while (!Files.readString(log).contains("not reloaded") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readString(log))
          .contains("configuration not reloaded: not reloaded: max-payload cannot change");
      nc.flush(Duration.ofSeconds(1));
      assertThat(p.isAlive()).isTrue();
      // and its term signal stops it as SIGTERM does
      assertThat(NodeCli.run(new String[] {"-sl", "term=" + p.pid()})).isZero();
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isIn(0, 143);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(out)
          .contains("listening for clients on 127.0.0.1:" + port)
          .contains("shutting down")
          .contains("stopped");
      assertThat(pid).doesNotExist();
      nc.close();
    } finally {
      p.destroyForcibly();
    }
  }
}
