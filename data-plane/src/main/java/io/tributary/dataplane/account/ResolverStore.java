package io.tributary.dataplane.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full resolver's directory: one {@code <account id>.jwt} file per account. A write goes to a
 * temporary file that is fsynced, renamed over the old one and the directory fsynced, so a crash
 * leaves either the old or the new JWT, never a torn one.
 */
public final class ResolverStore {
  private static final String SUFFIX = ".jwt";
  private final Path dir;

  public ResolverStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
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
        Files.move(
            target,
            dir.resolve(accountId + SUFFIX + ".deleted"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the JWT of " + accountId + " in " + dir, e);
    }
  }

  /** Stores (replaces) the JWT of an account durably. */
  public void save(String accountId, String jwt) {
    Path target = dir.resolve(accountId + SUFFIX);
    Path tmp = dir.resolve(accountId + SUFFIX + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(jwt.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the JWT of " + accountId + " in " + dir, e);
    }
  }
}
