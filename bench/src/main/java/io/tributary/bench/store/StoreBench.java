package io.tributary.bench.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.dataplane.keyring.Keyring;
import io.tributary.dataplane.keyring.MasterKey;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.FileStore;
import io.tributary.dataplane.store.ForwardingFileIo;
import io.tributary.dataplane.store.MemoryStore;
import io.tributary.dataplane.store.StoreKeys;
import io.tributary.dataplane.store.StoreLimits;
import io.tributary.dataplane.store.StreamStore;
import io.tributary.dataplane.subject.SubjectFilter;

/**
 * {@code tributary bench store}: the stream store on this machine's disk, in-process (no network,
 * no client): the disk's fdatasync latency, appends acknowledged only after their sync with a
 * window of appends in flight (the group commit), fsyncs per acknowledged message counted at the
 * I/O seam, the same sealed under a tenant key, the memory store, and the time to reopen (recover)
 * the file store with all its messages. A bound on the store's own cost, below the JetStream API.
 */
public final class StoreBench {
  private StoreBench() {}

  public static void main(Path dir, long msgs, int size, int window) throws Exception {
    Files.createDirectories(dir);
    Path scratch = Files.createTempDirectory(dir, "store-bench");
    System.out.printf(
        Locale.ROOT,
        "fdatasync of a %d-byte append: %.0f µs median%n",
        size + 50,
        syncMicros(scratch.resolve("sync-probe"), size + 50));
    CountingIo plainIo = new CountingIo();
    Path plainDir = scratch.resolve("plain");
    double plain;
    try (FileStore s =
        FileStore.open(plainDir, plainIo, FileStore.DEFAULT_SEGMENT_BYTES, StoreLimits.NONE)) {
      plain = run(s, msgs, size, window);
    }
    report("file, fsync before every ack", msgs, plain, plainIo.syncs.get());
    CountingIo sealedIo = new CountingIo();
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    StoreKeys keys =
        new Keyring(
                scratch.resolve("keys"),
                MasterKey.aes(Base64.getEncoder().encodeToString(master), "bench"))
            .forAccount("BENCH");
    double sealed;
    try (FileStore s =
        FileStore.open(
            scratch.resolve("sealed"),
            sealedIo,
            FileStore.DEFAULT_SEGMENT_BYTES,
            StoreLimits.NONE,
            keys)) {
      sealed = run(s, msgs, size, window);
    }
    report("file, sealed (AES-256-GCM)", msgs, sealed, sealedIo.syncs.get());
    System.out.printf(Locale.ROOT, "  sealed / plain: %.2f×%n", sealed / plain);
    try (MemoryStore m = new MemoryStore(StoreLimits.NONE)) {
      report("memory", msgs, run(m, msgs, size, window), 0);
    }
    long t0 = System.nanoTime();
    try (FileStore s = FileStore.open(plainDir, StoreLimits.NONE)) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "reopen with %,d messages (%,d MB on disk): %.2f s; heap in use after it: %d MB%n",
          s.state().msgs(),
          dirBytes(plainDir) >> 20,
          seconds,
          heapAfterGc() >> 20);
    }
    t0 = System.nanoTime();
    try (FileStore s =
        FileStore.open(
            scratch.resolve("sealed"),
            FileIo.NIO,
            FileStore.DEFAULT_SEGMENT_BYTES,
            StoreLimits.NONE,
            keys)) {
      System.out.printf(
          Locale.ROOT,
          "reopen sealed, %,d messages: %.2f s (every record opened to index its subject)%n",
          s.state().msgs(),
          (System.nanoTime() - t0) / 1e9);
    }
    highCardinality(scratch.resolve("subjects"), msgs, size);
    consumerStart(scratch.resolve("pending"), PENDING_MSGS);
    deleteTree(scratch);
  }

  private static final long PENDING_MSGS = 10_000_000;

  // What a new consumer's start costs on a big stream: its pending count (num_pending in the create
  // reply) and, for last_per_subject, the last message of each subject — from the indexes, never a
  // walk of the messages (nats-server's users report consumer creation scanning big streams).
  private static void consumerStart(Path dir, long msgs) throws Exception {
    try (FileStore s = FileStore.open(dir, StoreLimits.NONE)) {
      byte[] payload = new byte[16];
      CompletableFuture<Long> last = null;
      for (long i = 0; i < msgs; i++) {
        last = s.append("orders." + (i % 10) + "." + (i % 1000), null, payload, i + 1);
      }
      last.get();
      long first = s.state().firstSeq();
      long middle = first + msgs / 2;
      System.out.printf(Locale.ROOT, "consumer start on %,d messages, 1,000 subjects:%n", msgs);
      time(
          "  pending, no filter, from the first message", () -> s.numPending(first, (String) null));
      time("  pending, no filter, from the middle", () -> s.numPending(middle, (String) null));
      time(
          "  pending, wildcard filter orders.*.7, from the first",
          () -> s.numPending(first, "orders.*.7"));
      time(
          "  pending, literal filter orders.7.7, from the first",
          () -> s.numPending(first, "orders.7.7"));
      time(
          "  last of each subject (last_per_subject), orders.>",
          () -> s.lastSeqs(SubjectFilter.of("orders.>")).length);
      time(
          "  pending, wildcard filter, from the middle (walks the index after it)",
          () -> s.numPending(middle, "orders.*.7"));
    }
    deleteTree(dir);
  }

  private static void time(String what, java.util.function.LongSupplier f) {
    f.getAsLong(); // once for the JIT
    long t0 = System.nanoTime();
    long v = f.getAsLong();
    System.out.printf(Locale.ROOT, "%s: %,d in %.3f ms%n", what, v, (System.nanoTime() - t0) / 1e6);
  }

  // One message on each of `msgs` distinct subjects: what the subject index costs in heap, the
  // memory problem nats-server's users report most (a subject tree per block).
  private static void highCardinality(Path dir, long msgs, int size) throws Exception {
    long before = heapAfterGc();
    try (FileStore s = FileStore.open(dir, StoreLimits.NONE)) {
      byte[] payload = new byte[size];
      CompletableFuture<Long> last = null;
      for (long i = 0; i < msgs; i++) {
        last = s.append("orders.eu.customer." + i, null, payload, i + 1);
      }
      last.get();
      long heap = heapAfterGc() - before;
      System.out.printf(
          Locale.ROOT,
          "%,d distinct subjects (%,d messages): %d MB of heap for the store's indexes, %.0f bytes a"
              + " subject%n",
          s.state().numSubjects(),
          s.state().msgs(),
          heap >> 20,
          (double) heap / msgs);
    }
  }

  // Appends from one thread (the store's contract) with up to `window` unacknowledged appends.
  private static double run(StreamStore s, long msgs, int size, int window) throws Exception {
    byte[] payload = new byte[size];
    ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
    long t0 = System.nanoTime();
    for (long i = 0; i < msgs; i++) {
      if (inFlight.size() >= window) {
        inFlight.poll().get();
      }
      inFlight.add(
          s.append("bench.s" + (i & 1023), null, payload, System.currentTimeMillis() * 1_000_000));
    }
    for (CompletableFuture<Long> f : inFlight) {
      f.get();
    }
    return msgs / ((System.nanoTime() - t0) / 1e9);
  }

  private static void report(String what, long msgs, double perSecond, long syncs) {
    System.out.printf(
        Locale.ROOT,
        "%-32s %,10.0f msgs/s acknowledged%s%n",
        what,
        perSecond,
        syncs == 0
            ? ""
            : String.format(
                Locale.ROOT, ", %,d fsyncs = %.4f per message", syncs, (double) syncs / msgs));
  }

  private static double syncMicros(Path file, int bytes) throws IOException {
    long[] t = new long[500];
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(bytes);
      for (int i = 0; i < t.length; i++) {
        b.clear();
        ch.write(b, (long) i * bytes);
        long s = System.nanoTime();
        ch.force(false);
        t[i] = System.nanoTime() - s;
      }
    }
    java.util.Arrays.sort(t);
    return t[t.length / 2] / 1e3;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long dirBytes(Path d) throws IOException {
    try (var files = Files.list(d)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path d) throws IOException {
    try (var walk = Files.walk(d)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The real file system, counting syncs. */
  private static final class CountingIo extends ForwardingFileIo {
    final AtomicLong syncs = new AtomicLong();

    CountingIo() {
      super(FileIo.NIO);
    }

    @Override
    public Handle open(Path file) throws IOException {
      return new ForwardingHandle(super.open(file)) {
        @Override
        public void sync() throws IOException {
          syncs.incrementAndGet();
          super.sync();
        }
      };
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
      syncs.incrementAndGet();
      super.syncDirectory(dir);
    }
  }
}
