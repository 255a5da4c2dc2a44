package io.tributary.control.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.Ports;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.TestCertificates;
import io.tributary.dataplane.testing.TestServer;

/**
 * A link to a node that is not up yet keeps trying until the node comes; a link closed before that
 * (its cluster was removed) never connects. Over TLS, a node's certificate from a private CA is
 * trusted through the configured CA file. What goes wrong on a link is kept for push status.
 */
@Tag("outside-quarkus")
class NodeLinkIT {
  @Test
  void connectsWhenTheNodeComesUnlessClosedFirst() throws Exception {
    int port = Ports.freeLoopbackPort();
    String url = "nats://127.0.0.1:" + port;
    // the node below runs without authentication: the credentials are sent and not checked
    String seed = NKey.generate(NKeyType.USER).seed();
    AtomicInteger waiting = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    NodeLink link = new NodeLink(url, "not-checked", seed, null, waiting::incrementAndGet);
    NodeLink closedEarly = new NodeLink(url, "not-checked", seed, null, removed::incrementAndGet);
    Thread.sleep(1_200); // a few refused attempts
    closedEarly.close();
    try (TestServer node = TestServer.start(b -> b.set(NodeSettings.PORT, port))) {
      Instant deadline = Instant.now().plusSeconds(10);
      while (!link.isConnected()) {
        assertThat(Instant.now())
            .as("connected within 10 s of the node starting")
            .isBefore(deadline);
        Thread.sleep(50);
      }
      Thread.sleep(1_500); // three retry intervals: the closed link would have connected by now
      assertThat(waiting).hasValue(1);
      assertThat(removed).hasValue(0);
      assertThat(closedEarly.isConnected()).isFalse();
      int connections = given().get(node.httpUrl() + "/varz").path("connections");
      assertThat(connections).isEqualTo(1);
    } finally {
      link.close();
    }
  }

  @Test
  void reachesANodeOverTlsWhenTrustingItsCa(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    String seed = NKey.generate(NKeyType.USER).seed();
    try (TestServer node = TestServer.start(b -> b.tls(certs.serverTls(false)))) {
      String url = "tls://127.0.0.1:" + node.port();
      AtomicInteger trusted = new AtomicInteger();
      AtomicInteger untrusted = new AtomicInteger();
      NodeLink withCa =
          new NodeLink(
              url,
              "not-checked",
              seed,
              NodeTls.trusting(certs.serverCert()),
              trusted::incrementAndGet);
      // the JVM's default trust store does not know the node's self-signed certificate
      NodeLink withoutCa = new NodeLink(url, "not-checked", seed, null, untrusted::incrementAndGet);
      try {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!withCa.isConnected()) {
          assertThat(Instant.now()).as("connected over TLS within 10 s").isBefore(deadline);
          Thread.sleep(50);
        }
        Thread.sleep(1_500);
        assertThat(trusted).hasValue(1);
        assertThat(untrusted).hasValue(0);
        assertThat(withoutCa.isConnected()).isFalse();
      } finally {
        withCa.close();
        withoutCa.close();
      }
    }
  }

  @Test
  void aRefusedLoginIsLoggedAndKeptAsTheLinksLastError() throws Exception {
    String seed = NKey.generate(NKeyType.USER).seed();
    // the node wants a token: the link's user JWT is refused ("Authorization Violation")
    try (NatsServerProcess node =
        NatsServerProcess.start("authorization { token: \"s3cret\" }\n")) {
      Instant before = Instant.now();
      NodeLink link = new NodeLink(node.url(), "not-checked", seed, null, () -> {});
      try {
        Instant deadline = Instant.now().plusSeconds(10);
        while (link.lastError() == null) {
          assertThat(Instant.now()).as("an error within 10 s").isBefore(deadline);
          Thread.sleep(50);
        }
        assertThat(link.lastError().message()).containsIgnoringCase("authorization violation");
        assertThat(link.lastError().at()).isAfterOrEqualTo(before);
        assertThat(link.isConnected()).isFalse();
      } finally {
        link.close();
      }
    }
  }

  @Test
  void aCaFileWithoutCertificatesIsAClearError(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    assertThatThrownBy(() -> NodeTls.trusting(junk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot use " + junk + " as the nodes' CA certificates");
  }
}
