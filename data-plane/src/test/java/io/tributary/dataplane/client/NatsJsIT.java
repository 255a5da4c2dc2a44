package io.tributary.dataplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The official nats.js client ({@code @nats-io/transport-node}, run by node from {@code
 * src/test/js/clients.mjs}) against our node, and against nats-server as a control: every scenario
 * must pass on both.
 */
class NatsJsIT {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "js");

  @Test
  void natsJsScenariosPassOnOurNodeAsOnNatsServer() throws Exception {
    JsonNode reference;
    try (NatsServerProcess nats = NatsServerProcess.start("")) {
      reference = run(nats.url());
    }
    JsonNode ours;
    try (TestServer s = TestServer.start()) {
      ours = run(s.url());
    }
    assertThat(reference.size()).isGreaterThanOrEqualTo(10);
    reference
        .properties()
        .forEach(
            e ->
                assertThat(e.getValue().asText()).as("nats-server: " + e.getKey()).isEqualTo("ok"));
    ours.properties()
        .forEach(
            e -> assertThat(e.getValue().asText()).as("tributary: " + e.getKey()).isEqualTo("ok"));
    assertThat(ours.size()).isEqualTo(reference.size());
  }

  private static JsonNode run(String url) throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/@nats-io/transport-node"))) {
      throw new IllegalStateException(
          "run 'npm ci' in " + DIR.toAbsolutePath() + " (the Maven build does it)");
    }
    String node = System.getenv().getOrDefault("TRIBUTARY_NODE", "node");
    Process p =
        new ProcessBuilder(node, "clients.mjs", url)
            .directory(DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }
}
