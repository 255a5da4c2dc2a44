package io.tributary.control.custody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tributary.auth.files.DurableFiles;

/**
 * Where the master keys come from, first match wins: {@code tributary.master-key} (also the env
 * variable {@code TRIBUTARY_MASTER_KEY}), {@code tributary.master-key-file}, else {@code
 * <data-dir>/master.key}, created with a random key (mode 0600) on first start — fine for a laptop,
 * not for production (docs/control-plane.md).
 *
 * <p>A keyring is one or more entries {@code <version>:<base64 of 32 bytes>}, separated by commas
 * or new lines; the highest version wraps new data keys, the others only open older ones. A bare
 * base64 key is version 1.
 */
public final class MasterKeySource {
  private MasterKeySource() {}

  /**
   * The master keys by version, and the file they live in (empty for a configured keyring, which
   * the service cannot change).
   */
  public record Keyring(TreeMap<Integer, byte[]> keys, Optional<Path> file) {
    public int current() {
      return keys.lastKey();
    }

    /** This keyring with a new current key (written to its file first, if it has one). */
    public Keyring with(byte[] key) {
      TreeMap<Integer, byte[]> next = new TreeMap<>(keys);
      next.put(current() + 1, key);
      Keyring k = new Keyring(next, file);
      k.save();
      return k;
    }

    /** This keyring without the versions no secret uses any more (the current one stays). */
    public Keyring retaining(java.util.Set<Integer> used) {
      TreeMap<Integer, byte[]> next = new TreeMap<>(keys);
      next.keySet().removeIf(v -> v != current() && !used.contains(v));
      Keyring k = new Keyring(next, file);
      if (next.size() != keys.size()) {
        k.save();
      }
      return k;
    }

    private void save() {
      if (file.isEmpty()) {
        return;
      }
      StringBuilder b = new StringBuilder();
      for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
        b.append(e.getKey())
            .append(':')
            .append(Base64.getEncoder().encodeToString(e.getValue()))
            .append('\n');
      }
      Path p = file.get();
      try {
        DurableFiles.replace(p, b.toString().getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new UncheckedIOException("could not write the master keys to " + p, e);
      }
    }
  }

  public static Keyring load(Optional<String> inline, Optional<String> file, Path dataDir) {
    if (inline.isPresent() && !inline.get().isBlank()) {
      return new Keyring(parse(inline.get(), "tributary.master-key"), Optional.empty());
    }
    try {
      if (file.isPresent() && !file.get().isBlank()) {
        Path p = Path.of(file.get());
        return new Keyring(parse(Files.readString(p), p.toString()), Optional.of(p));
      }
      Path p = dataDir.resolve("master.key");
      if (!Files.exists(p)) {
        // If another process created it meanwhile, its key is the one read below.
        DurableFiles.createIfAbsent(
            p,
            ("1:" + Base64.getEncoder().encodeToString(generate()) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
      return new Keyring(parse(Files.readString(p), p.toString()), Optional.of(p));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the master key", e);
    }
  }

  /** 32 random bytes. */
  public static byte[] generate() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  static TreeMap<Integer, byte[]> parse(String text, String where) {
    TreeMap<Integer, byte[]> keys = new TreeMap<>();
    for (String entry : text.split("[,\\n]")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      int version = 1;
      if (colon > 0) {
        try {
          version = Integer.parseInt(e.substring(0, colon));
        } catch (NumberFormatException ex) {
          throw new CustodyException(where + ": a master key version must be a number");
        }
        e = e.substring(colon + 1);
      }
      if (keys.put(version, decode(e, where)) != null) {
        throw new CustodyException(where + ": master key version " + version + " appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new CustodyException(where + ": no master key");
    }
    return keys;
  }

  public static byte[] decode(String base64, String where) {
    try {
      byte[] key = Base64.getDecoder().decode(base64.strip());
      if (key.length != 32) {
        throw new CustodyException(where + ": the master key must be 32 bytes, not " + key.length);
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new CustodyException(where + ": the master key is not valid base64");
    }
  }
}
