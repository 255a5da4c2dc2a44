package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.ForwardingFileIo;
import io.tributary.dataplane.store.SyncPolicy;

/**
 * A consumer's state log when compacting it fails: nothing appended meanwhile is lost (the records
 * go on to the log a restart reads), the failure is reported, and the next attempt that the disk
 * allows compacts and clears it.
 */
class ConsumerLogTest {
  @TempDir Path dir;
  private final ExecutorService writer = Executors.newSingleThreadExecutor();

  /** Refuses to create the next generation's log file while {@code refuse} is set. */
  private static final class RefusingNextLog extends ForwardingFileIo {
    volatile boolean refuse;

    RefusingNextLog() {
      super(FileIo.NIO);
    }

    @Override
    public Handle open(Path file) throws IOException {
      if (refuse && file.getFileName().toString().equals("log.2")) {
        throw new IOException("No space left on device");
      }
      return super.open(file);
    }
  }

  @AfterEach
  void stop() {
    writer.shutdownNow();
  }

  @Test
  void aFailedCompactionLosesNothingAndIsRetried() throws Exception {
    RefusingNextLog disk = new RefusingNextLog();
    ConsumerLog log =
        ConsumerLog.create(dir, disk, writer, SyncPolicy.ALWAYS, new ConsumerLog.State());
    long[] delivered = {0};
    log.snapshotter(
        () -> {
          synchronized (delivered) { // as the consumer's lock: no delivery while it snapshots
            ConsumerLog.State s = new ConsumerLog.State();
            s.deliveredStream = delivered[0];
            s.deliveredConsumer = delivered[0];
            s.floorStream = delivered[0];
            s.floorConsumer = delivered[0];
            log.rotate(s);
          }
        });
    disk.refuse = true;
    // Past the 4 MiB that starts a compaction (21-byte records).
    int past = (4 << 20) / 21 + 100;
    for (int i = 0; i < past; i++) {
      deliver(log, delivered);
    }
    log.durable().get(10, TimeUnit.SECONDS);
    settle();
    assertThat(log.failure()).startsWith("consumer state not compacted: No space left on device");

    for (int i = 0; i < 10; i++) { // still durable, into the log a restart reads
      deliver(log, delivered);
    }
    log.durable().get(10, TimeUnit.SECONDS);
    assertThat(reopened().deliveredStream).isEqualTo(delivered[0]);

    disk.refuse = false;
    log.retry();
    settle();
    assertThat(log.failure()).isNull();
    deliver(log, delivered);
    log.durable().get(10, TimeUnit.SECONDS);
    log.close();
    assertThat(reopened().deliveredStream).isEqualTo(delivered[0]);
    assertThat(dir.resolve("log.1")).doesNotExist(); // compacted into generation 2
  }

  // Waits until what the writer was given so far has run (a compaction runs after the flush that
  // made the records durable).
  private void settle() throws Exception {
    writer.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private static void deliver(ConsumerLog log, long[] delivered) {
    synchronized (delivered) {
      delivered[0]++;
      log.append(ConsumerLog.DELIVERED, delivered[0], delivered[0]);
    }
  }

  private ConsumerLog.State reopened() throws IOException {
    ConsumerLog.State s = new ConsumerLog.State();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (ConsumerLog again =
        ConsumerLog.open(dir, FileIo.NIO, other, SyncPolicy.ALWAYS, false, s)) {
      return s;
    } finally {
      other.shutdownNow();
    }
  }
}
