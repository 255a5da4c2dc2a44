package io.tributary.control.webconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.ManagedNode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The web console in a real browser: Playwright ({@code web-console/e2e}, from npm) drives Debian's
 * chromium against this control plane (embedded PostgreSQL, the console from its jar) and a real
 * node in this JVM, in operator mode from the control plane's own server configuration and
 * registered as a cluster, so that creds downloaded in the browser connect a real nats.js client.
 * Screenshots and the measured start of the first screen are left in {@code target/web-console}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class WebConsoleIT {
  private static final Path CONSOLE = Path.of("..", "web-console").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "web-console").toAbsolutePath();

  @Test
  void flowsInARealBrowser() throws Exception {
    String admin = Api.adminToken();
    String cluster = "console-" + Long.toString(System.nanoTime(), 36);
    try (ManagedNode node = ManagedNode.start(admin, cluster, true)) {
      Files.createDirectories(OUT);
      Path log = OUT.resolve("playwright.log");
      ProcessBuilder pb =
          new ProcessBuilder("npx", "playwright", "test", "--config", "e2e/playwright.config.ts")
              .directory(CONSOLE.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("CONSOLE_URL", "http://127.0.0.1:" + RestAssured.port);
      pb.environment().put("NATS_URL", node.url());
      pb.environment().put("CLUSTER", cluster);
      pb.environment().put("ADMIN_PASSWORD", EmbeddedPostgresResource.ADMIN_PASSWORD);
      pb.environment().put("OUTPUT_DIR", OUT.toString());
      // The browser tests stop and start PostgreSQL through this (an outage the console must show).
      HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      control.createContext(
          "/db/stop", exchange -> answer(exchange, EmbeddedPostgresResource::stopDatabase));
      control.createContext(
          "/db/start", exchange -> answer(exchange, EmbeddedPostgresResource::startDatabase));
      control.start();
      pb.environment().put("CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort());
      Process playwright = pb.start();
      boolean finished = playwright.waitFor(15, TimeUnit.MINUTES);
      if (!finished) {
        playwright.destroyForcibly();
      }
      control.stop(0);
      String output = Files.readString(log);
      assertThat(finished && playwright.exitValue() == 0)
          .as("the browser tests passed:%n%s", output)
          .isTrue();
    }
  }

  private static void answer(HttpExchange exchange, Runnable action) throws IOException {
    try (exchange) {
      action.run();
      exchange.sendResponseHeaders(204, -1);
    } catch (RuntimeException e) {
      byte[] body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
