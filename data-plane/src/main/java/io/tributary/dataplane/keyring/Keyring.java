package io.tributary.dataplane.keyring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.StoreKeys;

/**
 * The node's account data keys, one file per account in a directory: {@code <account>.keys}, a line
 * {@code <version> <base64 of the key wrapped by the master key>} per version, the wrapping bound
 * to the account and version. Files are replaced atomically and synced, so a crash leaves the old
 * set or the new one. {@link #destroy} overwrites and removes an account's file: its streams'
 * records can then be read by no one (crypto-shredding). Thread-safe.
 */
public final class Keyring {
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_$.-]+");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final MasterKey master;
  private final FileIo io;
  private final Map<String, AccountKeys> open = new ConcurrentHashMap<>();

  public Keyring(Path dir, MasterKey master) throws IOException {
    this(dir, master, FileIo.NIO);
  }

  /** A keyring whose file operations go through {@code io} (tests inject faults). */
  public Keyring(Path dir, MasterKey master, FileIo io) throws IOException {
    this.dir = dir;
    this.master = master;
    this.io = io;
    io.createDirectories(dir);
  }

  /**
   * An account's keys, created (version 1) on first use. Throws {@link MasterKey.WrongMasterKey} if
   * the master key does not open the account's current key: nothing of it can be served then, and
   * its file is left as it is.
   */
  public synchronized AccountKeys forAccount(String account)
      throws IOException, MasterKey.WrongMasterKey {
    AccountKeys keys = open.get(account);
    if (keys != null) {
      return keys;
    }
    Path file = file(account);
    TreeMap<Integer, StoreKeys.DataKey> versions = new TreeMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 2) {
          continue;
        }
        int v = Integer.parseInt(parts[0]);
        byte[] raw = master.unwrap(Base64.getDecoder().decode(parts[1]), context(account, v));
        versions.put(v, new StoreKeys.DataKey(v, new SecretKeySpec(raw, "AES")));
      }
    }
    keys = new AccountKeys(this, account, versions);
    if (versions.isEmpty()) {
      keys.rotate();
    }
    open.put(account, keys);
    return keys;
  }

  /** Destroys an account's keys: the file is overwritten, synced and removed. */
  public synchronized void destroy(String account) throws IOException {
    open.remove(account);
    Path file = file(account);
    io.delete(file.resolveSibling(file.getFileName() + ".tmp")); // what a crash mid-write left
    if (Files.exists(file)) {
      try (FileIo.Handle h = io.open(file)) {
        h.write(ByteBuffer.allocate((int) h.size()), 0);
        h.sync();
      }
      io.delete(file);
      io.syncDirectory(dir);
    }
  }

  /** A new random version becomes current; written before it is used. */
  synchronized StoreKeys.DataKey addVersion(
      String account, TreeMap<Integer, StoreKeys.DataKey> versions) throws IOException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    int v = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    TreeMap<Integer, StoreKeys.DataKey> next = new TreeMap<>(versions);
    next.put(v, new StoreKeys.DataKey(v, new SecretKeySpec(raw, "AES")));
    writeVersions(account, next);
    versions.put(v, next.get(v));
    return next.get(v);
  }

  /**
   * Keeps only {@code kept} of an account's versions: the file is replaced without the others, so
   * records still sealed under them can be opened by no one from now on.
   */
  synchronized void keepVersions(String account, TreeMap<Integer, StoreKeys.DataKey> kept)
      throws IOException {
    writeVersions(account, kept);
  }

  private void writeVersions(String account, TreeMap<Integer, StoreKeys.DataKey> versions)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (StoreKeys.DataKey k : versions.values()) {
      byte[] wrapped = master.wrap(k.key().getEncoded(), context(account, k.version()));
      text.append(k.version())
          .append(' ')
          .append(Base64.getEncoder().encodeToString(wrapped))
          .append('\n');
    }
    Path file = file(account);
    io.replace(
        dir, file.getFileName().toString(), text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private Path file(String account) {
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("not an account name: " + account);
    }
    return dir.resolve(account + ".keys");
  }

  private static String context(String account, int version) {
    return "tributary data key " + account + " v" + version;
  }
}
