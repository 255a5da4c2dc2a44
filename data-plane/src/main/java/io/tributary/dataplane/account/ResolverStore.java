package io.tributary.dataplane.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.dataplane.store.FileIo;

/**
 * The full resolver's directory: one {@code <account id>.jwt} file per account. A write goes to a
 * temporary file that is fsynced, renamed over the old one and the directory fsynced, so a crash
 * leaves either the old or the new JWT, never a torn one; a deletion is synced too.
 */
public final class ResolverStore {
  private static final String SUFFIX = ".jwt";
  private final Path dir;

  public ResolverStore(Path dir) {
    this.dir = dir;
    try {
      FileIo.NIO.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create resolver dir " + dir, e);
    }
  }

  /** Every stored JWT by account id. */
  public Map<String, String> loadAll() {
    return readDir(dir);
  }

  /**
   * The {@code *.jwt} files of any directory (a preload directory), keyed by file name without the
   * suffix.
   */
  public static Map<String, String> readDir(Path dir) {
    Map<String, String> out = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        out.put(
            name.substring(0, name.length() - SUFFIX.length()),
            Files.readString(f, StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JWTs from " + dir, e);
    }
    return out;
  }

  /**
   * Marks an account's JWT deleted: renamed to {@code <id>.jwt.deleted}, as nats-server's full
   * resolver does.
   */
  public void delete(String accountId) {
    Path target = dir.resolve(accountId + SUFFIX);
    try {
      if (Files.exists(target)) {
        FileIo.NIO.move(target, dir.resolve(accountId + SUFFIX + ".deleted"));
        FileIo.NIO.syncDirectory(dir); // a deleted account must not come back after a power loss
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the JWT of " + accountId + " in " + dir, e);
    }
  }

  /** Stores (replaces) the JWT of an account durably. */
  public void save(String accountId, String jwt) {
    try {
      FileIo.NIO.replace(dir, accountId + SUFFIX, jwt.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the JWT of " + accountId + " in " + dir, e);
    }
  }
}
