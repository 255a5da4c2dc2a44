package io.tributary.dataplane.jetstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.store.FileIo;
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
  private final FileIo io;
  private final Executor writer;
  private volatile SyncPolicy sync;
  // Takes the consumer's lock and calls rotate with its state.
  private volatile Runnable snapshotter;
  // Guarded by this.
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private CompletableFuture<Void> batch = new CompletableFuture<>();
  private long generation;
  private FileIo.Handle channel;
  private long written; // bytes of the current log on disk
  private boolean closed;
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final byte[] record = new byte[RECORD]; // guarded by this
  private final CRC32C recordCrc = new CRC32C(); // guarded by this
  // Written on the writer thread only; what failure() reports.
  private volatile String writeFailure; // records not on disk (kept in the buffer)
  private volatile String compactFailure; // on disk, but the log could not be compacted

  private ConsumerLog(Path dir, FileIo io, Executor writer, SyncPolicy sync, long generation)
      throws IOException {
    this.dir = dir;
    this.io = io;
    this.writer = writer;
    this.sync = sync;
    this.generation = generation;
    this.channel = openLog(generation);
    this.written = channel.size();
  }

  /** A new consumer's log, starting from {@code initial}. */
  static ConsumerLog create(Path dir, FileIo io, Executor writer, SyncPolicy sync, State initial)
      throws IOException {
    io.createDirectories(dir);
    writeSnapshot(io, dir, initial, 1);
    return new ConsumerLog(dir, io, writer, sync, 1);
  }

  /** Reads the state a consumer left on disk and opens its log for appending. */
  static ConsumerLog open(
      Path dir, FileIo io, Executor writer, SyncPolicy sync, boolean acks, State into)
      throws IOException {
    long gen = readSnapshot(dir, into);
    Path log = dir.resolve("log." + gen);
    if (Files.exists(log)) {
      long good = replay(Files.readAllBytes(log), into, acks);
      if (good < Files.size(log)) {
        try (FileIo.Handle h = io.open(log)) {
          h.truncate(good);
          h.sync();
        }
      }
    }
    // Logs of older generations are what a crash during compaction left.
    for (Path p : io.list(dir, "")) {
      String n = p.getFileName().toString();
      if (n.startsWith("log.") && !n.equals("log." + gen)) {
        io.delete(p);
      }
    }
    settleFloor(into, acks);
    return new ConsumerLog(dir, io, writer, sync, gen);
  }

  void syncPolicy(SyncPolicy sync) {
    this.sync = sync;
  }

  /** How a compaction gets the consumer's state: it calls {@link #rotate} under its lock. */
  void snapshotter(Runnable s) {
    this.snapshotter = s;
  }

  /** The last write or sync failure not yet overcome, or null. */
  String failure() {
    String w = writeFailure;
    return w != null ? w : compactFailure;
  }

  /**
   * After a failure: writes what is still buffered again (the disk may take it now), or compacts
   * again if that was what failed. Called by the node's housekeeping; at most one attempt is
   * queued.
   */
  void retry() {
    if (failure() != null) {
      schedule();
    }
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
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    if (buffer.size() == 0 && !scheduled.get()) {
      return inFlight; // the last batch's, which may still be on its way to the disk
    }
    schedule();
    return batch;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      writer.execute(this::flush);
    }
  }

  // On the writer thread: every write of this log happens there, one after the other.
  private void flush() {
    scheduled.set(false);
    byte[] bytes = null;
    CompletableFuture<Void> done = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (buffer.size() == 0) {
        // Taken meanwhile (a compaction wrote it): whoever waits on this batch waits for nothing.
        CompletableFuture<Void> empty = batch;
        batch = new CompletableFuture<>();
        empty.complete(null);
      } else {
        bytes = buffer.toByteArray();
        buffer = new ByteArrayOutputStream();
        done = batch;
        batch = new CompletableFuture<>();
        inFlight = done;
      }
    }
    if (bytes != null) {
      try {
        writeAt(bytes);
        if (writeFailure != null) {
          NodeLog.info("consumer state written again (" + dir + ")");
          writeFailure = null;
        }
      } catch (IOException e) {
        writeFailed(e);
        synchronized (this) {
          // Kept for the next attempt, at the same place in the file: nothing after it is lost.
          ByteArrayOutputStream again = new ByteArrayOutputStream();
          again.write(bytes, 0, bytes.length);
          again.write(buffer.toByteArray(), 0, buffer.size());
          buffer = again;
        }
        done.completeExceptionally(e); // no double ack is answered for these
        return;
      }
      done.complete(null);
    }
    boolean compact;
    synchronized (this) {
      compact = snapshotter != null && (written > COMPACT_AT || compactFailure != null);
    }
    if (compact) {
      snapshotter.run(); // the consumer's lock, then this one (in rotate): the usual order
    }
  }

  // Writes at the end of what was written (a failed write is overwritten by its retry), then syncs.
  private void writeAt(byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long at = written;
    try {
      channel.write(buf, at);
      at += bytes.length;
      if (!sync.never()) {
        channel.sync();
      }
    } catch (IOException e) {
      try {
        channel.truncate(written); // no torn record left for a restart to stop at
      } catch (IOException ignored) {
        // the retry overwrites it; a restart stops at its checksum
      }
      throw e;
    }
    written = at;
  }

  /**
   * Called on the writer thread, under the consumer's lock, with the consumer's state: writes it as
   * the snapshot of the next generation and starts that generation's log. The records still
   * buffered are written to the old log first, so if the snapshot cannot be written nothing is lost
   * (the old generation goes on, and the next compaction tries again).
   */
  synchronized void rotate(State s) {
    if (closed) {
      return;
    }
    long next = generation + 1;
    CompletableFuture<Void> waiting = batch;
    try {
      writeAt(buffer.toByteArray());
    } catch (IOException e) {
      writeFailed(e); // the records stay buffered for the next attempt
      return;
    }
    buffer = new ByteArrayOutputStream();
    batch = new CompletableFuture<>();
    waiting.complete(null);
    // The next log exists (its name synced) before the snapshot names its generation, and this
    // log is written to until the snapshot is in place: no record goes where a restart won't look.
    FileIo.Handle nextLog;
    try {
      nextLog = openLog(next);
      nextLog.truncate(0); // what an earlier attempt may have left
      try {
        writeSnapshot(io, dir, s, next);
      } catch (IOException e) {
        nextLog.close();
        throw e;
      }
    } catch (IOException e) {
      if (compactFailure == null) { // once, not at every retry
        NodeLog.warn("consumer state not compacted: " + e.getMessage() + " (" + dir + ")");
      }
      compactFailure = "consumer state not compacted: " + e.getMessage();
      return;
    }
    FileIo.Handle old = channel;
    channel = nextLog;
    generation = next;
    written = 0;
    if (compactFailure != null) {
      NodeLog.info("consumer state compacted again (" + dir + ")");
      compactFailure = null;
    }
    try {
      old.close();
      io.delete(dir.resolve("log." + (next - 1)));
    } catch (IOException e) {
      // the next start removes it: logs of older generations than the snapshot's are ignored
      NodeLog.warn("old consumer log not removed: " + e.getMessage() + " (" + dir + ")");
    }
  }

  private void writeFailed(IOException e) {
    if (writeFailure == null) { // once, not at every retry
      NodeLog.warn("consumer state not written: " + e.getMessage() + " (" + dir + ")");
    }
    writeFailure = "consumer state not written: " + e.getMessage();
  }

  /** Writes what is buffered and closes, after any write under way (on the writer thread). */
  @Override
  public void close() {
    CompletableFuture<Void> closedNow = new CompletableFuture<>();
    try {
      writer.execute(
          () -> {
            closeNow();
            closedNow.complete(null);
          });
      closedNow.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closeNow(); // the writer is gone: the node is stopping
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      NodeLog.warn("consumer state not closed: " + e + " (" + dir + ")");
    }
  }

  private synchronized void closeNow() {
    if (closed) {
      return;
    }
    try {
      writeAt(buffer.toByteArray());
      channel.close();
    } catch (IOException e) {
      NodeLog.warn("consumer state not written on close: " + e.getMessage() + " (" + dir + ")");
    }
    closed = true;
    batch.complete(null);
  }

  private FileIo.Handle openLog(long gen) throws IOException {
    FileIo.Handle h = io.open(dir.resolve("log." + gen));
    try {
      io.syncDirectory(dir);
    } catch (IOException e) {
      try {
        h.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return h;
  }

  // ---- snapshot ----

  private static void writeSnapshot(FileIo io, Path dir, State s, long gen) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 8 * 5 + 4 + s.pending.size() * 24 + 4);
    b.put(MAGIC).putLong(gen);
    b.putLong(s.deliveredConsumer).putLong(s.deliveredStream);
    b.putLong(s.floorConsumer).putLong(s.floorStream);
    b.putInt(s.pending.size());
    s.pending.forEach((seq, v) -> b.putLong(seq).putLong(v[0]).putLong(v[1]));
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    io.replace(dir, "state", java.util.Arrays.copyOf(b.array(), b.position()));
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
