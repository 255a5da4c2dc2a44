package io.tributary.dataplane.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real file system with faults on demand: failing writes or syncs (EIO), a disk that fills up,
 * and a power loss that drops every byte written since a file's last sync. Counts syncs.
 */
public final class FaultyFileIo extends ForwardingFileIo {
  final AtomicInteger syncs = new AtomicInteger();
  public volatile IOException failWrites;
  volatile IOException failSyncs;

  /** Bytes the disk still takes; -1: no limit. */
  final AtomicLong space = new AtomicLong(-1);

  private volatile boolean powerOff;
  private final Map<Path, Long> syncedSize = new ConcurrentHashMap<>();

  public FaultyFileIo() {
    super(NIO);
  }

  @Override
  public Handle open(Path file) throws IOException {
    checkPower();
    Handle real = super.open(file);
    syncedSize.putIfAbsent(file, real.size());
    return new ForwardingHandle(real) {
      @Override
      public void write(ByteBuffer src, long position) throws IOException {
        checkPower();
        if (failWrites != null) {
          throw failWrites;
        }
        long grow = Math.max(0, position + src.remaining() - real.size());
        if (space.get() >= 0 && space.addAndGet(-grow) < 0) {
          space.addAndGet(grow);
          throw new IOException("No space left on device");
        }
        super.write(src, position);
      }

      @Override
      public void sync() throws IOException {
        checkPower();
        if (failSyncs != null) {
          throw failSyncs;
        }
        super.sync();
        syncs.incrementAndGet();
        syncedSize.put(file, real.size());
      }

      @Override
      public void truncate(long size) throws IOException {
        checkPower();
        super.truncate(size);
        syncedSize.put(file, Math.min(syncedSize.getOrDefault(file, size), size));
      }
    };
  }

  @Override
  public void delete(Path file) throws IOException {
    checkPower();
    super.delete(file);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    checkPower();
    super.syncDirectory(dir);
  }

  /**
   * The power goes: from now on every write and sync fails, and each file loses what was written
   * after its last sync. The store using this is abandoned, as a killed process would be.
   */
  public void powerLoss() throws IOException, InterruptedException {
    powerOff = true;
    Thread.sleep(50); // a write that had passed the check before lands first, as on a real disk
    for (Map.Entry<Path, Long> e : syncedSize.entrySet()) {
      if (Files.exists(e.getKey())) {
        try (FileChannel ch = FileChannel.open(e.getKey(), StandardOpenOption.WRITE)) {
          ch.truncate(e.getValue());
        }
      }
    }
  }

  private void checkPower() throws IOException {
    if (powerOff) {
      throw new IOException("power off");
    }
  }
}
