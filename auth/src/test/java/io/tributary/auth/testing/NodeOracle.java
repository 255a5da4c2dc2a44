package io.tributary.auth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tributary.auth.jwt.GoJson;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs auth's {@code src/test/js/oracle.mjs} (the official NATS JS libraries) with node, from auth
 * or from a sibling module; its npm packages are installed by the build ({@code npm ci} in
 * pre-integration-test). Set {@code TRIBUTARY_NODE} to use another node binary.
 */
public final class NodeOracle {
  private static final Path DIR = locate();

  private NodeOracle() {}

  private static Path locate() {
    Path base = Path.of(System.getProperty("basedir", "."));
    Path own = base.resolve("src/test/js");
    return Files.exists(own.resolve("oracle.mjs"))
        ? own
        : base.resolveSibling("auth").resolve("src/test/js");
  }

  /** Runs {@code node oracle.mjs <mode> <request as JSON>} and returns its JSON output. */
  public static JsonNode run(String mode, Object request) throws IOException, InterruptedException {
    if (!Files.isDirectory(DIR.resolve("node_modules/@nats-io/jwt"))) {
      throw new IllegalStateException(
          "run 'npm ci' in " + DIR.toAbsolutePath() + " (the Maven build does it)");
    }
    Path req = Files.createTempFile("oracle", ".json");
    try {
      Files.writeString(req, GoJson.mapper().writeValueAsString(request));
      String node = System.getenv().getOrDefault("TRIBUTARY_NODE", "node");
      Process p =
          new ProcessBuilder(node, "oracle.mjs", mode, req.toString())
              .directory(DIR.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("node oracle.mjs " + mode + " failed");
      }
      return GoJson.mapper().readTree(new String(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(req);
    }
  }
}
