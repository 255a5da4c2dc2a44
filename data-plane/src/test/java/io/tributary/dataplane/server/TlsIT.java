package io.tributary.dataplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.testing.RawClient;
import io.tributary.dataplane.testing.TestCertificates;
import io.tributary.dataplane.testing.TestServer;

/**
 * TLS with PEM files made by openssl for the test ({@link TestCertificates}): INFO in plain text,
 * then TLS; client certificates optional.
 */
class TlsIT {
  @TempDir static Path dir;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCertificates.create(dir);
  }

  @Test
  void clientsConnectOverTlsAndPlainClientsAreRefused() throws Exception {
    try (TestServer s = TestServer.start(b -> b.tls(tls(false)))) {
      try (RawClient plain = RawClient.connect(s.port())) {
        assertThat(plain.info()).contains("\"tls_required\":true");
        RawClient.Transcript t = plain.exchange("CONNECT {}\r\nPING\r\n");
        assertThat(t.text()).doesNotContain("PONG");
        assertThat(t.closed()).isTrue();
      }
      try (Connection nc = connect(s, sslContext(false))) {
        var sub = nc.subscribe("secure");
        nc.publish("secure", "over tls".getBytes());
        Message m = sub.nextMessage(Duration.ofSeconds(2));
        assertThat(new String(m.getData())).isEqualTo("over tls");
      }
    }
  }

  @Test
  void clientCertificatesAreRequiredWhenVerifying() throws Exception {
    try (TestServer s = TestServer.start(b -> b.tls(tls(true)))) {
      try (RawClient raw = RawClient.connect(s.port())) {
        assertThat(raw.info()).contains("\"tls_verify\":true");
      }
      try (Connection nc = connect(s, sslContext(true))) {
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      }
      assertThatThrownBy(() -> connect(s, sslContext(false)).close()).isInstanceOf(Exception.class);
    }
  }

  @Test
  void badCertificateFilesAreAClearStartupError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    assertThatThrownBy(
            () ->
                TestServer.start(b -> b.tls(new ServerOptions.TlsOptions(junk, junk, null, false)))
                    .close())
        .hasMessageContaining("cannot load TLS certificate and key");
  }

  private static ServerOptions.TlsOptions tls(boolean verify) {
    return certs.serverTls(verify);
  }

  private static Connection connect(TestServer s, SSLContext ssl) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server("tls://127.0.0.1:" + s.port())
            .sslContext(ssl)
            .maxReconnects(0)
            .connectionTimeout(Duration.ofSeconds(3))
            .build());
  }

  private static SSLContext sslContext(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certs.serverCert())) {
      trust.setCertificateEntry(
          "server", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(certs.clientKeyStore())) {
        keys.load(in, TestCertificates.PASSWORD);
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, TestCertificates.PASSWORD);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
