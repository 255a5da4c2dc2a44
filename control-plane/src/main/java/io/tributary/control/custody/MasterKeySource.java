package io.tributary.control.custody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the master key comes from, first match wins: {@code tributary.master-key} (base64 of 32
 * bytes; also the env variable {@code TRIBUTARY_MASTER_KEY}), {@code tributary.master-key-file},
 * else {@code <data-dir>/master.key}, created with a random key (mode 0600) on first start — fine
 * for a laptop, not for production (docs/control-plane.md).
 */
public final class MasterKeySource {
  private MasterKeySource() {}

  public static byte[] load(Optional<String> inline, Optional<String> file, Path dataDir) {
    if (inline.isPresent() && !inline.get().isBlank()) {
      return decode(inline.get().strip(), "tributary.master-key");
    }
    try {
      if (file.isPresent() && !file.get().isBlank()) {
        Path p = Path.of(file.get());
        return decode(Files.readString(p).strip(), p.toString());
      }
      Path p = dataDir.resolve("master.key");
      if (!Files.exists(p)) {
        Files.createDirectories(dataDir);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(
            Files.createFile(
                p,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            Base64.getEncoder().encodeToString(key) + "\n");
        return key;
      }
      return decode(Files.readString(p).strip(), p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the master key", e);
    }
  }

  private static byte[] decode(String base64, String where) {
    try {
      byte[] key = Base64.getDecoder().decode(base64);
      if (key.length != 32) {
        throw new CustodyException(where + ": the master key must be 32 bytes, not " + key.length);
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new CustodyException(where + ": the master key is not valid base64");
    }
  }
}
