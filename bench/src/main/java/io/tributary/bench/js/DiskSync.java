package io.tributary.bench.js;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The disk's fdatasync latency where the servers keep their stores: append {@code bytes} to a file
 * and {@code FileChannel.force(false)}, many times. Its median bounds what one synchronous
 * publisher can get if every ack waits for its own sync.
 */
final class DiskSync {
  /** Latency of one append plus fdatasync. */
  record Latency(double p50Micros, double p99Micros) {}

  private DiskSync() {}

  static Latency measure(Path dir, int bytes, int times) throws IOException {
    Path file = dir.resolve("fdatasync-probe");
    long[] t = new long[times];
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(bytes);
      for (int i = 0; i < times; i++) {
        b.clear();
        long s = System.nanoTime();
        ch.write(b, (long) i * bytes);
        ch.force(false);
        t[i] = System.nanoTime() - s;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Arrays.sort(t);
    return new Latency(t[times / 2] / 1e3, t[(int) (times * 0.99)] / 1e3);
  }
}
