package io.tributary.dataplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store: the contract, plus what only a disk has — restarts, torn and damaged records,
 * secure erase, group commit, failed writes and syncs, a full disk and a power loss. Segments are
 * small (4 KiB) so that every test spans several.
 */
class FileStoreTest extends StreamStoreContract {
  private static final long SEGMENT = 4096;
  @TempDir Path dir;
  private final AtomicInteger stores = new AtomicInteger();

  @Override
  protected StreamStore create(StoreLimits limits) throws Exception {
    return FileStore.open(dir.resolve("s" + stores.incrementAndGet()), FileIo.NIO, SEGMENT, limits);
  }

  @Override
  protected StreamStore restart(StreamStore store, StoreLimits limits) throws Exception {
    Path path = storeDir(store);
    store.close();
    return FileStore.open(path, FileIo.NIO, SEGMENT, limits);
  }

  private Path storeDir(StreamStore store) {
    return dir.resolve("s" + stores.get());
  }

  private static List<Path> segments(Path d) throws IOException {
    return FileIo.NIO.list(d, ".seg");
  }

  @Test
  void everythingSurvivesARestartAcrossSegments() throws Exception {
    Path d = dir.resolve("restart");
    FileStore s = FileStore.open(d, FileIo.NIO, SEGMENT, StoreLimits.NONE);
    for (int i = 1; i <= 300; i++) {
      s.append("s." + (i % 7), null, bytes("message " + i), i).get();
    }
    s.delete(10, false);
    s.purge("s.3", 0, 0);
    StreamState before = s.state();
    s.close();
    assertThat(segments(d)).hasSizeGreaterThan(3);
    FileStore again =
        track(FileStore.open(d, FileIo.NIO, SEGMENT, StoreLimits.NONE)) instanceof FileStore f
            ? f
            : null;
    assertThat(again.state()).isEqualTo(before);
    assertThat(again.get(10)).isNull();
    assertThat(again.get(11).payload()).isEqualTo(bytes("message 11"));
    assertThat(again.next(1, "s.3")).isNull();
    assertThat(again.append("s.1", null, bytes("more"), 301).get()).isEqualTo(301);
  }

  @Test
  void aTornTailIsTruncatedAndNothingAcknowledgedIsLost() throws Exception {
    Path d = dir.resolve("torn");
    FileStore s = FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE);
    for (int i = 1; i <= 20; i++) {
      s.append("t", null, bytes("m" + i), i).get();
    }
    s.close();
    Path seg = segments(d).get(0);
    long size = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(size - 5); // the last record half written
    }
    FileStore again = (FileStore) track(FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE));
    assertThat(again.state().lastSeq()).isEqualTo(19);
    assertThat(again.state().corrupt()).isZero();
    assertThat(again.append("t", null, bytes("next"), 21).get()).isEqualTo(20);
    assertThat(again.get(20).payload()).isEqualTo(bytes("next"));
  }

  @Test
  void aDamagedRecordCostsOnlyItself() throws Exception {
    Path d = dir.resolve("damaged");
    FileStore s = FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE);
    for (int i = 1; i <= 20; i++) {
      s.append("d", null, bytes("payload-" + i), i).get();
    }
    s.close();
    Path seg = segments(d).get(0);
    byte[] all = Files.readAllBytes(seg);
    int at = indexOf(all, bytes("payload-7"));
    all[at + 3] ^= 0x10; // one flipped bit in message 7
    all[indexOf(all, bytes("payload-12")) - 30] ^= 0x01; // and one in message 12's header
    Files.write(seg, all);
    FileStore again = (FileStore) track(FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE));
    StreamState st = again.state();
    assertThat(st.corrupt()).isEqualTo(2);
    assertThat(st.msgs()).isEqualTo(18);
    assertThat(st.lastSeq()).isEqualTo(20);
    assertThat(again.get(7)).as("never served").isNull();
    assertThat(again.get(12)).isNull();
    for (long seq : new long[] {6, 8, 11, 13, 20}) {
      assertThat(again.get(seq).payload()).as("seq " + seq).isEqualTo(bytes("payload-" + seq));
    }
  }

  @Test
  void eraseOverwritesTheBytesOnDisk() throws Exception {
    Path d = dir.resolve("erase");
    FileStore s = (FileStore) track(FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE));
    s.append("e", null, bytes("keep-me"), 1).get();
    s.append("e", null, bytes("secret-value"), 2).get();
    s.append("e", null, bytes("plain-delete"), 3).get();
    assertThat(s.delete(2, true)).isTrue();
    assertThat(s.delete(3, false)).isTrue();
    s.flush().get();
    byte[] disk = Files.readAllBytes(segments(d).get(0));
    assertThat(indexOf(disk, bytes("secret-value"))).as("erased").isNegative();
    assertThat(indexOf(disk, bytes("plain-delete"))).as("only unlinked").isNotNegative();
    assertThat(indexOf(disk, bytes("keep-me"))).isNotNegative();
    s.close();
    FileStore again = (FileStore) track(FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE));
    assertThat(again.state().msgs()).isEqualTo(1);
    assertThat(again.state().corrupt()).as("an erased record is not damage").isZero();
  }

  @Test
  void concurrentAppendsShareSyncs() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    FileStore s =
        (FileStore) track(FileStore.open(dir.resolve("group"), io, 1 << 20, StoreLimits.NONE));
    int before = io.syncs.get();
    List<CompletableFuture<Long>> acks = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      acks.add(s.append("g", null, bytes("m" + i), i));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    int syncs = io.syncs.get() - before;
    assertThat(syncs).as("2,000 appends in flight").isBetween(1, 1_000);
    assertThat(acks.get(1_999).get()).isEqualTo(2_000);
  }

  @Test
  void acknowledgementsComeInSequenceOrder() throws Exception {
    FileStore s =
        (FileStore)
            track(
                FileStore.open(
                    dir.resolve("order"), new FaultyFileIo(), 1 << 20, StoreLimits.NONE));
    List<Long> order = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Long>> acks = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      acks.add(s.append("o", null, bytes("m" + i), i).whenComplete((seq, e) -> order.add(seq)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    assertThat(order).hasSize(2_000).isSorted();
  }

  @Test
  void aFailedSyncAcknowledgesNothingAndTheStoreRecovers() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    Path d = dir.resolve("eio");
    FileStore s = (FileStore) track(FileStore.open(d, io, SEGMENT, StoreLimits.NONE));
    s.append("a", null, bytes("durable"), 1).get();
    io.failSyncs = new IOException("Input/output error");
    CompletableFuture<Long> lost = s.append("a", null, bytes("never acknowledged"), 2);
    assertThatThrownBy(lost::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreException.StorageFailure.class)
        .hasMessageContaining("Input/output error");
    assertThatThrownBy(() -> s.append("a", null, bytes("refused"), 3))
        .isInstanceOf(StoreException.StorageFailure.class);
    assertThat(s.recover()).as("the disk still fails").isFalse();
    io.failSyncs = null;
    assertThat(s.recover()).isTrue();
    assertThat(s.state().lastSeq())
        .as("what was written is kept: it did reach the disk")
        .isBetween(1L, 2L);
    long next = s.append("a", null, bytes("after"), 4).get();
    assertThat(s.get(next).payload()).isEqualTo(bytes("after"));
    assertThat(s.get(1).payload()).isEqualTo(bytes("durable"));
  }

  @Test
  void aFullDiskRefusesWritesAndRecoversWhenSpaceReturns() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    FileStore s =
        (FileStore) track(FileStore.open(dir.resolve("full"), io, 1 << 20, StoreLimits.NONE));
    s.append("f", null, bytes("fits"), 1).get();
    io.space.set(100);
    List<CompletableFuture<Long>> acks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      try {
        acks.add(s.append("f", null, new byte[40], 2 + i));
      } catch (StoreException.StorageFailure refused) {
        break;
      }
    }
    long acknowledged = acks.stream().filter(f -> !f.isCompletedExceptionally() && join(f)).count();
    assertThat(acks.stream().anyMatch(CompletableFuture::isCompletedExceptionally)).isTrue();
    io.space.set(-1);
    assertThat(s.recover()).isTrue();
    assertThat(s.state().msgs()).isGreaterThanOrEqualTo(1 + acknowledged);
    assertThat(s.append("f", null, bytes("again"), 99).get()).isEqualTo(s.state().lastSeq());
  }

  @Test
  void afterAPowerLossEveryAcknowledgedMessageIsThereAndNothingElse() throws Exception {
    for (int round = 0; round < 5; round++) {
      FaultyFileIo io = new FaultyFileIo();
      Path d = dir.resolve("power" + round);
      FileStore s = FileStore.open(d, io, SEGMENT, StoreLimits.NONE);
      List<CompletableFuture<Long>> acks = new ArrayList<>();
      for (int i = 1; i <= 400; i++) {
        acks.add(s.append("p." + (i % 3), null, bytes("m" + i), i));
        if (i == 200 + round * 30) {
          acks.get(i - 1).get(); // the first part surely acknowledged
        }
      }
      io.powerLoss(); // mid-flight: some of the rest acknowledged, some not
      List<Long> acked = new ArrayList<>();
      for (CompletableFuture<Long> f : acks) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
          acked.add(f.get());
        }
      }
      FileStore after = (FileStore) track(FileStore.open(d, FileIo.NIO, SEGMENT, StoreLimits.NONE));
      for (long seq : acked) {
        assertThat(after.get(seq)).as("acknowledged " + seq).isNotNull();
        assertThat(after.get(seq).payload()).isEqualTo(bytes("m" + seq));
      }
      StreamState st = after.state();
      assertThat(st.corrupt()).isZero();
      for (long seq = 1; seq <= st.lastSeq(); seq++) {
        assertThat(after.get(seq).payload()).as("no garbage at " + seq).isEqualTo(bytes("m" + seq));
      }
      assertThat(st.lastSeq()).isGreaterThanOrEqualTo(acked.size());
    }
  }

  @Test
  void manyStoresShareABoundedSetOfWriterThreads() throws Exception {
    List<FileStore> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(
          (FileStore)
              track(
                  FileStore.open(dir.resolve("many" + i), FileIo.NIO, SEGMENT, StoreLimits.NONE)));
    }
    List<CompletableFuture<Long>> acks = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      for (FileStore s : many) {
        acks.add(s.append("m", null, bytes("round " + round), round));
      }
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long writers =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("store-writer-"))
            .count();
    assertThat(writers)
        .as("writer threads for 200 stores")
        .isBetween(1L, (long) Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
    for (FileStore s : many) {
      assertThat(s.state().msgs()).isEqualTo(5);
      assertThat(s.get(5).payload()).isEqualTo(bytes("round 5"));
    }
  }

  @Test
  void anIntervalPolicyAcknowledgesBeforeTheSyncAndSyncsWithinTheInterval() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    FileStore s =
        (FileStore) track(FileStore.open(dir.resolve("interval"), io, SEGMENT, StoreLimits.NONE));
    s.syncPolicy(SyncPolicy.parse("200ms"));
    int before = io.syncs.get();
    for (int i = 1; i <= 50; i++) {
      s.append("i", null, bytes("m" + i), i).get(); // each one acknowledged on its own
    }
    int during = io.syncs.get() - before;
    assertThat(during).as("far fewer syncs than acknowledged appends").isLessThan(10);
    Thread.sleep(600);
    assertThat(io.syncs.get() - before).as("synced within the interval").isGreaterThan(during);
    io.powerLoss();
    FileStore after =
        (FileStore)
            track(FileStore.open(dir.resolve("interval"), FileIo.NIO, SEGMENT, StoreLimits.NONE));
    assertThat(after.state().msgs()).as("all synced before the power went").isEqualTo(50);
  }

  @Test
  void aShorterIntervalTakesEffectWithoutWaitingForTheLongerOne() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    FileStore s =
        (FileStore) track(FileStore.open(dir.resolve("shorter"), io, SEGMENT, StoreLimits.NONE));
    s.syncPolicy(SyncPolicy.parse("60s"));
    s.append("i", null, bytes("m"), 1).get();
    int before = io.syncs.get();
    s.syncPolicy(SyncPolicy.parse("100ms"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (io.syncs.get() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(io.syncs.get()).as("synced at the new interval").isGreaterThan(before);
  }

  @Test
  void noSyncPolicyLeavesItToCloseAndAPowerLossTakesTheUnsynced() throws Exception {
    FaultyFileIo io = new FaultyFileIo();
    FileStore s = FileStore.open(dir.resolve("none"), io, SEGMENT, StoreLimits.NONE);
    s.append("n", null, bytes("first"), 1).get(); // synced: the policy changes after it
    s.syncPolicy(SyncPolicy.NONE);
    int before = io.syncs.get();
    for (int i = 2; i <= 20; i++) {
      s.append("n", null, bytes("m" + i), i).get();
    }
    assertThat(io.syncs.get()).isEqualTo(before);
    io.powerLoss();
    FileStore after =
        (FileStore)
            track(FileStore.open(dir.resolve("none"), FileIo.NIO, SEGMENT, StoreLimits.NONE));
    assertThat(after.state().msgs()).as("only what was synced").isEqualTo(1);
    assertThat(after.get(1).payload()).isEqualTo(bytes("first"));
  }

  @Test
  void syncPoliciesParse() {
    assertThat(SyncPolicy.parse("always").always()).isTrue();
    assertThat(SyncPolicy.parse("none").never()).isTrue();
    assertThat(SyncPolicy.parse("1s").interval()).isEqualTo(java.time.Duration.ofSeconds(1));
    assertThat(SyncPolicy.parse("250ms").toString()).isEqualTo("250ms");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncPolicy.parse("soon"))
        .hasMessageContaining("always, none or an interval");
  }

  private static boolean join(CompletableFuture<Long> f) {
    try {
      f.get();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
