package io.tributary.dataplane.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link FileIo} that passes every call to another, for wrappers that change or watch a few of
 * them (tests that inject faults, benchmarks that count syncs): override what differs.
 */
public class ForwardingFileIo implements FileIo {
  private final FileIo delegate;

  public ForwardingFileIo(FileIo delegate) {
    this.delegate = delegate;
  }

  @Override
  public Handle open(Path file) throws IOException {
    return delegate.open(file);
  }

  @Override
  public List<Path> list(Path dir, String suffix) throws IOException {
    return delegate.list(dir, suffix);
  }

  @Override
  public void delete(Path file) throws IOException {
    delegate.delete(file);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    delegate.createDirectories(dir);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    delegate.syncDirectory(dir);
  }

  @Override
  public void move(Path from, Path to) throws IOException {
    delegate.move(from, to);
  }

  /** A {@link FileIo.Handle} that passes every call to another. */
  public static class ForwardingHandle implements Handle {
    private final Handle delegate;

    public ForwardingHandle(Handle delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
      delegate.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return delegate.read(dst, position);
    }

    @Override
    public void sync() throws IOException {
      delegate.sync();
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      delegate.truncate(size);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
