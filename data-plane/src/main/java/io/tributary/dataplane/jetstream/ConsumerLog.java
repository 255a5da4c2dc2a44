package io.tributary.dataplane.jetstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.store.SyncPolicy;

/**
 * A file consumer's delivery and acknowledgement state on disk: a snapshot ({@code state}) and a
 * log of what happened since ({@code log.<generation>}: deliveries and acks, 21-byte records with a
 * CRC). Records are buffered by the consumer and written, then fsynced, on the node's consumer-log
 * thread, many consumers' records per sync; {@link #durable} completes once what was appended so
 * far is on disk, which is when a double ack is answered. When the log grows, the consumer's state
 * is written as a new snapshot and the log starts again (a new generation, so a crash between the
 * two never replays old records onto a new snapshot). A torn record at the end of the log (a crash
 * mid-write) and everything after it are ignored.
 */
final class ConsumerLog implements AutoCloseable {
  static final byte DELIVERED = 1; // a: stream sequence, b: consumer sequence
  static final byte ACK = 2; // a: stream sequence (an ack, a term, or given up after max deliver)
  static final byte ACK_UP_TO = 3; // a: stream sequence (ack all)
  private static final int RECORD = 21;
  private static final byte[] MAGIC = {'T', 'R', 'B', 'C'};
  private static final long COMPACT_AT = 4L << 20;

  /** The state a snapshot holds, and what a recovery rebuilds. */
  static final class State {
    long deliveredConsumer;
    long deliveredStream;
    long floorConsumer;
    long floorStream;
    // stream seq -> {consumer seq, deliveries}
    final TreeMap<Long, long[]> pending = new TreeMap<>();
  }

  private final Path dir;
  private final Executor writer;
  private volatile SyncPolicy sync;
  // Takes the consumer's lock, calls rotate with its state, and returns what rotate returned.
  private volatile Supplier<Runnable> snapshotter;
  // Guarded by this.
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private CompletableFuture<Void> batch = new CompletableFuture<>();
  private long generation;
  private FileChannel channel;
  private long logSize;
  private boolean closed;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final byte[] record = new byte[RECORD]; // guarded by this
  private final CRC32C recordCrc = new CRC32C(); // guarded by this
  private volatile String failure;

  private ConsumerLog(Path dir, Executor writer, SyncPolicy sync, long generation)
      throws IOException {
    this.dir = dir;
    this.writer = writer;
    this.sync = sync;
    this.generation = generation;
    this.channel = openLog(generation);
    this.logSize = channel.size();
  }

  /** A new consumer's log, starting from {@code initial}. */
  static ConsumerLog create(Path dir, Executor writer, SyncPolicy sync, State initial)
      throws IOException {
    Files.createDirectories(dir);
    writeSnapshot(dir, initial, 1);
    return new ConsumerLog(dir, writer, sync, 1);
  }

  /** Reads the state a consumer left on disk and opens its log for appending. */
  static ConsumerLog open(Path dir, Executor writer, SyncPolicy sync, boolean acks, State into)
      throws IOException {
    long gen = readSnapshot(dir, into);
    Path log = dir.resolve("log." + gen);
    if (Files.exists(log)) {
      long good = replay(Files.readAllBytes(log), into, acks);
      if (good < Files.size(log)) {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
          ch.truncate(good);
          ch.force(true);
        }
      }
    }
    // Logs of older generations are what a crash during compaction left.
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("log.") && !n.equals("log." + gen)) {
          Files.deleteIfExists(p);
        }
      }
    }
    settleFloor(into, acks);
    return new ConsumerLog(dir, writer, sync, gen);
  }

  void syncPolicy(SyncPolicy sync) {
    this.sync = sync;
  }

  /** How a compaction gets the consumer's state: it calls {@link #rotate} under its lock. */
  void snapshotter(Supplier<Runnable> s) {
    this.snapshotter = s;
  }

  /** The last write or sync failure, or null. */
  String failure() {
    return failure;
  }

  /** Buffers one record; it is written and synced soon after. */
  synchronized void append(byte type, long a, long b) {
    if (closed) {
      return;
    }
    byte[] r = record;
    r[0] = type;
    putLong(r, 1, a);
    putLong(r, 9, b);
    recordCrc.reset();
    recordCrc.update(r, 0, 17);
    int c = (int) recordCrc.getValue();
    r[17] = (byte) (c >>> 24);
    r[18] = (byte) (c >>> 16);
    r[19] = (byte) (c >>> 8);
    r[20] = (byte) c;
    buffer.write(r, 0, RECORD);
    schedule();
  }

  private static void putLong(byte[] r, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      r[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** Completes once every record appended so far is durable (per the stream's sync policy). */
  synchronized CompletableFuture<Void> durable() {
    if (closed || buffer.size() == 0 && !scheduled.get()) {
      return CompletableFuture.completedFuture(null);
    }
    schedule();
    return batch;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      writer.execute(this::flush);
    }
  }

  // On the writer thread.
  private void flush() {
    scheduled.set(false);
    byte[] bytes;
    CompletableFuture<Void> done;
    FileChannel ch;
    boolean compact;
    synchronized (this) {
      if (closed) {
        batch.complete(null);
        return;
      }
      bytes = buffer.toByteArray();
      buffer = new ByteArrayOutputStream();
      done = batch;
      batch = new CompletableFuture<>();
      ch = channel;
      logSize += bytes.length;
      compact = logSize > COMPACT_AT && snapshotter != null;
    }
    try {
      if (bytes.length > 0) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (!sync.never()) {
          ch.force(false);
        }
      }
      failure = null;
    } catch (IOException e) {
      failure = "consumer state not written: " + e.getMessage();
      NodeLog.warn(failure + " (" + dir + ")");
      done.completeExceptionally(e);
      return;
    }
    done.complete(null);
    if (compact) {
      compact();
    }
  }

  // Writes the consumer's state as a new snapshot of the next generation, then drops the old log.
  private void compact() {
    snapshotter.get().run(); // the consumer's lock, then this one (in rotate): the usual order
  }

  /**
   * Called under the consumer's lock with its state: starts the next log generation, so records
   * appended from now on belong after this snapshot. Returns the work to finish outside the lock.
   */
  synchronized Runnable rotate(State s) {
    if (closed) {
      return () -> {};
    }
    long next = generation + 1;
    byte[] dropped = buffer.toByteArray(); // their effect is in the snapshot
    buffer = new ByteArrayOutputStream();
    CompletableFuture<Void> waiting = batch;
    batch = new CompletableFuture<>();
    FileChannel old = channel;
    long oldGen = generation;
    try {
      channel = openLog(next);
    } catch (IOException e) {
      failure = "consumer log not rotated: " + e.getMessage();
      buffer.write(dropped, 0, dropped.length);
      batch = waiting;
      return () -> {};
    }
    generation = next;
    logSize = 0;
    return () -> {
      try {
        writeSnapshot(dir, s, next);
        old.close();
        Files.deleteIfExists(dir.resolve("log." + oldGen));
        waiting.complete(null);
      } catch (IOException e) {
        failure = "consumer snapshot not written: " + e.getMessage();
        NodeLog.warn(failure + " (" + dir + ")");
        waiting.completeExceptionally(e);
      }
    };
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      if (buffer.size() > 0) {
        ByteBuffer buf = ByteBuffer.wrap(buffer.toByteArray());
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
        if (!sync.never()) {
          channel.force(false);
        }
      }
      channel.close();
    } catch (IOException e) {
      NodeLog.warn("consumer state not written on close: " + e.getMessage() + " (" + dir + ")");
    }
    closed = true;
    batch.complete(null);
  }

  private FileChannel openLog(long gen) throws IOException {
    FileChannel ch =
        FileChannel.open(
            dir.resolve("log." + gen),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    MetaFile.syncDirectory(dir);
    return ch;
  }

  // ---- snapshot ----

  private static void writeSnapshot(Path dir, State s, long gen) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 8 * 5 + 4 + s.pending.size() * 24 + 4);
    b.put(MAGIC).putLong(gen);
    b.putLong(s.deliveredConsumer).putLong(s.deliveredStream);
    b.putLong(s.floorConsumer).putLong(s.floorStream);
    b.putInt(s.pending.size());
    s.pending.forEach((seq, v) -> b.putLong(seq).putLong(v[0]).putLong(v[1]));
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    MetaFile.writeAtomically(dir, "state", java.util.Arrays.copyOf(b.array(), b.position()));
  }

  private static long readSnapshot(Path dir, State into) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve("state"));
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 4 + 40 + 4 + 4) {
      throw new IOException("consumer state is truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw new IOException("consumer state is damaged (checksum)");
    }
    byte[] magic = new byte[4];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a consumer state file");
    }
    long gen = b.getLong();
    into.deliveredConsumer = b.getLong();
    into.deliveredStream = b.getLong();
    into.floorConsumer = b.getLong();
    into.floorStream = b.getLong();
    int n = b.getInt();
    for (int i = 0; i < n; i++) {
      into.pending.put(b.getLong(), new long[] {b.getLong(), b.getLong()});
    }
    return gen;
  }

  // Applies the log's records; returns how many bytes were good.
  private static long replay(byte[] log, State s, boolean acks) {
    int at = 0;
    CRC32C crc = new CRC32C();
    while (at + RECORD <= log.length) {
      crc.reset();
      crc.update(log, at, 17);
      ByteBuffer r = ByteBuffer.wrap(log, at, RECORD);
      byte type = r.get();
      long a = r.getLong();
      long b = r.getLong();
      if ((int) crc.getValue() != r.getInt()) {
        break;
      }
      switch (type) {
        case DELIVERED -> {
          s.deliveredStream = Math.max(s.deliveredStream, a);
          s.deliveredConsumer = Math.max(s.deliveredConsumer, b);
          if (acks) {
            long[] p = s.pending.computeIfAbsent(a, k -> new long[2]);
            p[0] = b;
            p[1]++;
          }
        }
        case ACK -> s.pending.remove(a);
        case ACK_UP_TO -> s.pending.headMap(a, true).clear();
        default -> {
          return at;
        }
      }
      at += RECORD;
    }
    return at;
  }

  private static void settleFloor(State s, boolean acks) {
    if (!acks || s.pending.isEmpty()) {
      if (s.deliveredConsumer > 0) {
        s.floorStream = Math.max(s.floorStream, s.deliveredStream);
        s.floorConsumer = Math.max(s.floorConsumer, s.deliveredConsumer);
      }
      return;
    }
    var low = s.pending.firstEntry();
    s.floorStream = Math.max(s.floorStream, low.getKey() - 1);
    s.floorConsumer = Math.max(s.floorConsumer, low.getValue()[0] - 1);
  }
}
