package io.tributary.control.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RSA key pair that signs and verifies the API's bearer tokens (smallrye-jwt), kept as PEM
 * files in the data directory and made on first start. Returns the configuration that points
 * smallrye-jwt at them; set before Quarkus starts (by the main class, or by the test resource).
 */
public final class TokenKeys {
  public static final String ISSUER = "tributary-control-plane";

  private TokenKeys() {}

  public static void ensure(Path dataDir) {
    Path priv = dataDir.resolve("api-token-key.pem");
    Path pub = dataDir.resolve("api-token-key.pub.pem");
    try {
      if (!Files.exists(priv) || !Files.exists(pub)) {
        Files.createDirectories(dataDir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Files.deleteIfExists(priv);
        Files.writeString(
            Files.createFile(
                priv,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not make the API token keys in " + dataDir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
