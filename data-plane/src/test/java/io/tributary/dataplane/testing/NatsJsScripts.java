package io.tributary.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.config.NodeSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs a scenario script of {@code data-plane/src/test/js} with node against a server: the script
 * prints one JSON object, scenario name to {@code "ok"} or the error, and this checks that every
 * scenario passed.
 */
public final class NatsJsScripts {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "js");

  private NatsJsScripts() {}

  /** Runs {@code script} against {@code url}; returns its results. */
  public static JsonNode run(String script, String url) throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/@nats-io/transport-node"))) {
      throw new IllegalStateException(
          "run 'npm ci' in " + DIR.toAbsolutePath() + " (the Maven build does it)");
    }
    String node = System.getenv().getOrDefault("TRIBUTARY_NODE", "node");
    Process p =
        new ProcessBuilder(node, script, url)
            .directory(DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  /** A script's results on nats-server and on our node. */
  public record Results(JsonNode reference, JsonNode ours) {}

  /**
   * Runs a JetStream script on Debian's {@code nats-server -js} and on our node with JetStream,
   * each with a store of its own under {@code dir}.
   */
  public static Results runOnBothWithJetStream(String script, Path dir) throws Exception {
    JsonNode reference;
    try (NatsServerProcess nats =
        NatsServerProcess.start("jetstream: {store_dir: \"" + dir.resolve("nats") + "\"}\n")) {
      reference = run(script, nats.url());
    }
    try (TestServer s =
        TestServer.start(
            b ->
                b.set(NodeSettings.JETSTREAM, true)
                    .set(NodeSettings.STORE_DIR, dir.resolve("ours")))) {
      return new Results(reference, run(script, s.url()));
    }
  }

  /** Every scenario passed, on both servers, and both ran the same ones. */
  public static void assertAllPassed(JsonNode reference, JsonNode ours, int atLeast) {
    assertAllPassed(reference, ours, atLeast, Set.of());
  }

  /**
   * Every scenario passed on our node, and on nats-server all but those of {@code
   * newerThanReference}: features Debian's nats-server (2.9) predates, which may fail there (each
   * must be a scenario the script ran).
   */
  public static void assertAllPassed(
      JsonNode reference, JsonNode ours, int atLeast, Set<String> newerThanReference) {
    assertThat(reference.size()).isGreaterThanOrEqualTo(atLeast);
    newerThanReference.forEach(
        name -> assertThat(reference.has(name)).as("scenario " + name).isTrue());
    reference.properties().stream()
        .filter(e -> !newerThanReference.contains(e.getKey()))
        .forEach(
            e ->
                assertThat(e.getValue().asText()).as("nats-server: " + e.getKey()).isEqualTo("ok"));
    ours.properties()
        .forEach(
            e -> assertThat(e.getValue().asText()).as("tributary: " + e.getKey()).isEqualTo("ok"));
    assertThat(ours.size()).isEqualTo(reference.size());
  }
}
