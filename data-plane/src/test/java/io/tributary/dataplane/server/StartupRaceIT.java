package io.tributary.dataplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.TestCertificates;
import io.tributary.dataplane.testing.TestServer;

/**
 * A client that connects the moment the port opens (test harnesses do) gets its INFO: nothing
 * accepts before the node is ready. Clients connect in a tight loop while nodes start, with and
 * without TLS (whose INFO comes in plain text before the handshake).
 */
class StartupRaceIT {
  private static final int STARTS = 8;
  @TempDir static Path dir;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCertificates.create(dir);
  }

  @Test
  void theFirstClientGetsItsInfo() throws Exception {
    assertEveryEarlyClientGetsInfo(null);
  }

  @Test
  void theFirstClientGetsItsInfoWithTls() throws Exception {
    assertEveryEarlyClientGetsInfo(certs.serverTls(false));
  }

  private static void assertEveryEarlyClientGetsInfo(ServerOptions.TlsOptions tls)
      throws Exception {
    int early = 0;
    for (int start = 0; start < STARTS; start++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      CompletableFuture<TestServer> node =
          CompletableFuture.supplyAsync(
              () ->
                  TestServer.start(
                      b -> {
                        b.set(NodeSettings.PORT, port).set(NodeSettings.JETSTREAM, true);
                        b.set(NodeSettings.STORE_DIR, dir.resolve("store-" + port));
                        return tls == null ? b : b.tls(tls);
                      }));
      try {
        // Until the node says it started, every connection that gets through must get INFO.
        while (!node.isDone()) {
          String first = firstLine(port);
          if (first != null) {
            assertThat(first)
                .as("first line from a connection made during start")
                .startsWith("INFO ");
            early++;
          }
        }
        assertThat(firstLine(port)).startsWith("INFO ");
      } finally {
        node.get(30, TimeUnit.SECONDS).close();
      }
    }
    System.out.printf("%d connections made while %d nodes started%n", early, STARTS);
  }

  // The first line a new connection reads, or null if nothing listens yet.
  private static String firstLine(int port) throws IOException {
    Socket s;
    try {
      s = new Socket("127.0.0.1", port);
    } catch (IOException notListening) {
      return null;
    }
    try (s) {
      s.setSoTimeout(2000);
      String line =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      return line == null ? "<closed>" : line;
    } catch (java.net.SocketTimeoutException e) {
      return "<no INFO within 2 s>";
    }
  }
}
