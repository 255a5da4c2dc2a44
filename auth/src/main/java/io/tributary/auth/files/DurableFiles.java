package io.tributary.auth.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories made durable before anything relies on them. Secret files (master keys) are
 * written so that a crash or a power loss leaves either no file or the whole file, readable by its
 * owner only from the first byte: written to a private temporary file beside it, fsynced, put in
 * place, the directory fsynced. A key must be on disk before anything is sealed under it, or a
 * power loss could keep the sealed data and lose its key.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /**
   * Creates {@code file} with {@code content} unless it exists (false then, and it is left as it
   * is): two processes creating the same key at once end with one key, never one each.
   */
  public static boolean createIfAbsent(Path file, byte[] content) throws IOException {
    Path dir = directoryOf(file);
    Path tmp = writeTemporary(dir, content);
    try {
      try {
        Files.createLink(file, tmp); // link(2): fails if the name exists
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (UnsupportedOperationException noLinks) {
        if (Files.exists(file)) {
          return false;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
    return true;
  }

  /** Replaces {@code file} (or creates it) with {@code content} atomically. */
  public static void replace(Path file, byte[] content) throws IOException {
    Path dir = directoryOf(file);
    Path tmp = writeTemporary(dir, content);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
  }

  private static Path directoryOf(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    createDirectories(dir);
    return dir;
  }

  /**
   * Creates {@code dir} and its missing parents, each new directory synced into its parent, so that
   * what is made in it is not lost with its name.
   */
  public static void createDirectories(Path dir) throws IOException {
    java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>(); // outermost first
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(p)) {
          throw raced;
        }
      }
      syncDirectory(p.getParent());
    }
  }

  private static Path writeTemporary(Path dir, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(dir, ".secret", ".tmp", ownerOnly(dir));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0]; // the directory's permissions protect it
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(Set.copyOf(PosixFilePermissions.fromString("rw-------")))
    };
  }

  /** Makes the names created and removed in {@code dir} durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
