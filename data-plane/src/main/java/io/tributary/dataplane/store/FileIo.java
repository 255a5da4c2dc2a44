package io.tributary.dataplane.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.tributary.auth.files.DurableFiles;

/**
 * Every file operation the file store makes, so tests can fail any of them (EIO, a full disk, a
 * short write) or drop what was not synced (a power loss). {@link #NIO} is the real one.
 */
public interface FileIo {
  /** An open file: positional reads and writes, and a sync of its data. */
  interface Handle extends Closeable {
    /** Writes all of {@code src} at {@code position}. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; -1 at the end. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** fdatasync: the data written so far survives a power loss. */
    void sync() throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;
  }

  /** Opens (creating if missing) a file for reading and writing. */
  Handle open(Path file) throws IOException;

  /** The files in {@code dir} whose names end with {@code suffix}, sorted by name. */
  List<Path> list(Path dir, String suffix) throws IOException;

  void delete(Path file) throws IOException;

  /**
   * Creates {@code dir} and its missing parents, each new directory synced into its parent: a
   * stream or consumer whose creation was acknowledged keeps its directory through a power loss.
   */
  void createDirectories(Path dir) throws IOException;

  /** Makes created and deleted names in {@code dir} durable. */
  void syncDirectory(Path dir) throws IOException;

  /** Renames {@code from} over {@code to}, atomically where the file system can. */
  void move(Path from, Path to) throws IOException;

  /**
   * Replaces {@code dir/name} with {@code bytes}: written to {@code name.tmp}, synced, renamed over
   * it, the directory synced; a crash leaves the old file or the new one. Built on the operations
   * above, so their faults apply to it too.
   */
  default void replace(Path dir, String name, byte[] bytes) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    try (Handle h = open(tmp)) {
      h.truncate(0); // what a crash left of an earlier attempt
      h.write(ByteBuffer.wrap(bytes), 0);
      h.sync();
    }
    move(tmp, dir.resolve(name));
    syncDirectory(dir);
  }

  /** The real file system through NIO. */
  FileIo NIO =
      new FileIo() {
        @Override
        public Handle open(Path file) throws IOException {
          FileChannel ch =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          return new Handle() {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
              long at = position;
              while (src.hasRemaining()) {
                at += ch.write(src, at);
              }
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
              return ch.read(dst, position);
            }

            @Override
            public void sync() throws IOException {
              ch.force(false);
            }

            @Override
            public long size() throws IOException {
              return ch.size();
            }

            @Override
            public void truncate(long size) throws IOException {
              ch.truncate(size);
            }

            @Override
            public void close() throws IOException {
              ch.close();
            }
          };
        }

        @Override
        public List<Path> list(Path dir, String suffix) throws IOException {
          List<Path> out = new ArrayList<>();
          try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            files.forEach(out::add);
          }
          out.sort(null);
          return out;
        }

        @Override
        public void delete(Path file) throws IOException {
          Files.deleteIfExists(file);
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
          DurableFiles.createDirectories(dir);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
          DurableFiles.syncDirectory(dir);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
          Files.move(
              from,
              to,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      };
}
