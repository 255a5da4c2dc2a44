package io.tributary.dataplane.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tributary.dataplane.server.ServerOptions;

/**
 * Certificates made with openssl for TLS tests: a self-signed server certificate for 127.0.0.1 and
 * localhost (it is its own CA), and a self-signed client certificate, also as a PKCS#12 key store.
 */
public record TestCertificates(Path dir) {
  /** The password of {@link #clientKeyStore}. */
  public static final char[] PASSWORD = "changeit".toCharArray();

  /** Makes the certificates in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        "server-key.pem",
        "-out",
        "server-cert.pem");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=client",
        "-keyout",
        "client-key.pem",
        "-out",
        "client-cert.pem");
    openssl(
        dir,
        "pkcs12",
        "-export",
        "-in",
        "client-cert.pem",
        "-inkey",
        "client-key.pem",
        "-out",
        "client.p12",
        "-passout",
        "pass:" + new String(PASSWORD));
    return new TestCertificates(dir);
  }

  public Path serverCert() {
    return dir.resolve("server-cert.pem");
  }

  public Path serverKey() {
    return dir.resolve("server-key.pem");
  }

  public Path clientCert() {
    return dir.resolve("client-cert.pem");
  }

  public Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  /** A node's TLS options with these certificates; {@code verify}: client certificates required. */
  public ServerOptions.TlsOptions serverTls(boolean verify) {
    return new ServerOptions.TlsOptions(
        serverCert(), serverKey(), verify ? clientCert() : null, verify);
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
    }
  }
}
