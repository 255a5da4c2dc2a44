package io.tributary.dataplane.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tributary.dataplane.config.ServerOptions;

/**
 * Certificates made with openssl for TLS tests: a self-signed server certificate for 127.0.0.1 and
 * localhost (it is its own CA), and a self-signed client certificate, also as a PKCS#12 key store.
 */
public record TestCertificates(Path dir) {
  /** The password of {@link #clientKeyStore}. */
  public static final char[] PASSWORD = "changeit".toCharArray();

  /** Makes the certificates in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    selfSigned(
        dir, "/CN=localhost", "server", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    selfSigned(dir, "/CN=client", "client");
    openssl(
        dir,
        List.of(
            "pkcs12",
            "-export",
            "-in",
            "client-cert.pem",
            "-inkey",
            "client-key.pem",
            "-out",
            "client.p12",
            "-passout",
            "pass:" + new String(PASSWORD)));
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

  /** {@code <name>-key.pem} and {@code <name>-cert.pem}, valid for a day. */
  private static void selfSigned(Path dir, String subject, String name, String... extra)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                subject,
                "-keyout",
                name + "-key.pem",
                "-out",
                name + "-cert.pem"));
    args.addAll(List.of(extra));
    openssl(dir, args);
  }

  private static void openssl(Path dir, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
    }
  }
}
