package io.tributary.dataplane.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.tributary.dataplane.log.NodeLog;

/**
 * The file store's writer. Writes are queued in order (under {@code lock}, by the store's writing
 * thread) into the open batch; the writer takes the whole batch, writes it, syncs each touched
 * segment once (and the directory when a segment was created), then completes the batch's one
 * future: one fsync per batch however many records it holds. While a sync runs, new writes fill the
 * next batch. A failed write or sync fails its batch and every later one, and the store refuses
 * writes ({@code onFailure}) until it recovers.
 *
 * <p>Every store's writer runs on one pool of platform threads ({@link #WRITERS}), at most one
 * batch of a store at a time: a node holds one store per stream (every Key/Value and Object Store
 * bucket is one), and a thread per store would cost more than most streams. A writer keeps its
 * thread while it has batches and no other store waits, so a busy store runs as on a thread of its
 * own; it yields after a batch when others wait. Virtual threads were measured and not kept: the
 * JDK wakes another carrier for each write and sync, which cost the sync path about 0.05 cores and
 * sync/1 about 5 % (ADR 0019).
 */
final class GroupCommit {
  private record Write(FileStore.Segment segment, long offset, byte[] bytes, Runnable written) {
    int length() {
      return bytes.length;
    }
  }

  private static final int MAX_RUN = 4 << 20; // bytes in one write
  // Direct buffers for runs, shared by every store's writer: a writer holds one only while it
  // writes a batch, so a node with thousands of streams holds about as many as write at once.
  private static final ConcurrentLinkedQueue<ByteBuffer> RUN_BUFFERS =
      new ConcurrentLinkedQueue<>();
  private static final int POOLED_RUN_BUFFERS = 8;
  // Enough threads for syncs of different files to overlap (the disk takes a few at once); idle
  // ones end after a while.
  private static final ThreadPoolExecutor WRITERS =
      writers(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));

  private final ReentrantLock lock = new ReentrantLock();
  private final UnaryOperator<StoreException.StorageFailure> onFailure;
  private final FileIo io;
  private final Path dir;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private List<Write> queue = new ArrayList<>(); // guarded by lock
  private List<Runnable> afterSync = new ArrayList<>(); // guarded by lock
  private CompletableFuture<Void> batch = new CompletableFuture<>(); // guarded by lock
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null); // by lock
  private boolean dirDirty; // guarded by lock
  private StoreException.StorageFailure failure; // guarded by lock
  private boolean closing; // guarded by lock
  private boolean scheduled; // guarded by lock: the writer is queued on WRITERS or running
  private boolean intervalArmed; // guarded by lock: a wake-up for an interval's sync is pending
  private volatile SyncPolicy policy = SyncPolicy.ALWAYS;
  // Written but not yet synced (other policies than always): segment -> end written. Writer only.
  private final Map<FileStore.Segment, Long> unsynced = new LinkedHashMap<>();
  private boolean unsyncedDir; // writer only
  private long lastSync = System.nanoTime(); // writer only
  private ByteBuffer runBuffer; // writer only: borrowed from RUN_BUFFERS while a batch is written

  GroupCommit(UnaryOperator<StoreException.StorageFailure> onFailure, FileIo io, Path dir) {
    this.onFailure = onFailure;
    this.io = io;
    this.dir = dir;
  }

  private static ThreadPoolExecutor writers(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "store-writer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Queues a record at its offset; {@code written} runs once it is written (before the sync).
   * Returns the future of its batch: completed once the record is durable.
   */
  CompletableFuture<Void> append(
      FileStore.Segment segment, long offset, byte[] bytes, Runnable written) {
    lock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      queue.add(new Write(segment, offset, bytes, written));
      schedule();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** A new segment: its header is queued, and the directory is synced with the batch. */
  void created(FileStore.Segment segment, byte[] header) {
    lock.lock();
    try {
      queue.add(new Write(segment, 0, header, null));
      dirDirty = true;
      schedule();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code task} on the writer after the open batch is durable. */
  void afterSync(Runnable task) {
    lock.lock();
    try {
      afterSync.add(task);
    } finally {
      lock.unlock();
    }
  }

  /** Completes when everything queued so far is durable. */
  CompletableFuture<Void> flush() {
    lock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      return queue.isEmpty() ? inFlight : batch;
    } finally {
      lock.unlock();
    }
  }

  /** From now on, syncs as {@code policy} says. */
  void policy(SyncPolicy policy) {
    lock.lock();
    try {
      this.policy = policy;
      intervalArmed = false; // a shorter interval must not wait for the wake-up of a longer one
      schedule();
    } finally {
      lock.unlock();
    }
  }

  /** After a failure: forgets what was queued, so the store can start again after recovering. */
  void reset() {
    lock.lock();
    try {
      queue = new ArrayList<>();
      afterSync = new ArrayList<>();
      batch = new CompletableFuture<>();
      inFlight = CompletableFuture.completedFuture(null);
      failure = null;
    } finally {
      lock.unlock();
    }
  }

  // With the lock held: makes sure the writer runs (once) to see what changed. If no thread can
  // be had (the process is out of threads), the caller gets the error and a later call tries again.
  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      try {
        WRITERS.execute(this::drain);
      } catch (RuntimeException | Error e) {
        scheduled = false;
        throw e;
      }
    }
  }

  private void drain() {
    try {
      drainBatches();
    } catch (RuntimeException | Error e) {
      // A bug, or no memory: the store fails as on a disk error, so that no write waits forever.
      CompletableFuture<Void> current;
      lock.lock();
      try {
        current = inFlight;
      } finally {
        lock.unlock();
      }
      fail(e, current);
      lock.lock();
      try {
        scheduled = false;
      } finally {
        lock.unlock();
      }
    }
  }

  // The writer: batches until there is nothing to write, or until another store waits for a thread.
  private void drainBatches() {
    while (true) {
      List<Write> writes;
      List<Runnable> after;
      CompletableFuture<Void> done;
      boolean syncDir;
      SyncPolicy p;
      lock.lock();
      try {
        if (queue.isEmpty() || failure != null) {
          if (closing || syncDue()) {
            syncUnsynced(); // closing, or an interval elapsed with nothing new queued
          }
          if (closing) {
            batch.completeExceptionally(
                new StoreException.StorageFailure("closing", new IOException("store closed")));
            closed.complete(null); // stays scheduled: it never runs again
            return;
          }
          scheduled = false;
          armInterval();
          return;
        }
        writes = queue;
        queue = new ArrayList<>();
        after = afterSync;
        afterSync = new ArrayList<>();
        done = batch;
        batch = new CompletableFuture<>();
        inFlight = done;
        syncDir = dirDirty;
        dirDirty = false;
        p = policy;
      } finally {
        lock.unlock();
      }
      if (writeAndSync(writes, syncDir, p, done)) {
        try {
          after.forEach(Runnable::run);
        } catch (RuntimeException e) {
          NodeLog.warn("stream store " + dir + ": after a sync: " + e); // the batch is durable
        }
        done.complete(null);
      }
      if (!WRITERS.getQueue().isEmpty()) {
        WRITERS.execute(this::drain); // others wait: go to the back of the line (still scheduled)
        return;
      }
    }
  }

  // Writes a batch and syncs it as the policy says; false if that failed (the batch is failed).
  private boolean writeAndSync(
      List<Write> writes, boolean syncDir, SyncPolicy p, CompletableFuture<Void> done) {
    try {
      try {
        writeCoalesced(writes);
      } finally {
        releaseRunBuffer();
      }
      for (Write w : writes) {
        unsynced.merge(w.segment(), w.offset() + w.length(), Math::max);
      }
      unsyncedDir |= syncDir;
      if (p.always() || closingNow() || syncDue()) {
        syncNow();
      }
      return true;
    } catch (IOException | RuntimeException e) {
      fail(e, done);
      return false;
    }
  }

  // With the lock held, on the writer: an interval policy with data unsynced wakes the writer when
  // its sync is due, whether or not more is written by then.
  private void armInterval() {
    SyncPolicy p = policy;
    if (intervalArmed || unsynced.isEmpty() || p.always() || p.never()) {
      return;
    }
    intervalArmed = true;
    long due = Math.max(0, p.interval().toNanos() - (System.nanoTime() - lastSync));
    CompletableFuture.delayedExecutor(due, TimeUnit.NANOSECONDS, WRITERS)
        .execute(this::intervalElapsed);
  }

  private void intervalElapsed() {
    lock.lock();
    try {
      intervalArmed = false;
      schedule();
    } finally {
      lock.unlock();
    }
  }

  private boolean closingNow() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  // Policies other than always: an interval has passed since the last sync with data unsynced.
  private boolean syncDue() {
    SyncPolicy p = policy;
    return !unsynced.isEmpty()
        && !p.always()
        && !p.never()
        && System.nanoTime() - lastSync >= p.interval().toNanos();
  }

  // Syncs what was written since the last sync (on the writer, with or without the lock held).
  private void syncUnsynced() {
    if (unsynced.isEmpty() && !unsyncedDir) {
      return;
    }
    try {
      syncNow();
    } catch (IOException | RuntimeException e) {
      fail(e, null);
    }
  }

  private void syncNow() throws IOException {
    for (FileStore.Segment s : unsynced.keySet()) {
      s.handle.sync();
    }
    if (unsyncedDir) {
      io.syncDirectory(dir);
    }
    for (Map.Entry<FileStore.Segment, Long> e : unsynced.entrySet()) {
      if (e.getValue() > e.getKey().durableSize) {
        e.getKey().durableSize = e.getValue();
      }
    }
    unsynced.clear();
    unsyncedDir = false;
    lastSync = System.nanoTime();
  }

  private void fail(Throwable e, CompletableFuture<Void> done) {
    // A bug fails the batch like a disk error, never silently (the writer carries on).
    IOException cause = e instanceof IOException io ? io : new IOException(e.toString(), e);
    StoreException.StorageFailure f =
        onFailure.apply(new StoreException.StorageFailure("writing to " + dir, cause));
    unsynced.clear();
    unsyncedDir = false;
    lock.lock();
    try {
      failure = f;
      if (done != null) {
        done.completeExceptionally(f);
      }
      batch.completeExceptionally(f);
    } finally {
      lock.unlock();
    }
  }

  // Runs of records that follow each other in one segment go out in one write: one system call
  // per run instead of one per record.
  private void writeCoalesced(List<Write> writes) throws IOException {
    int i = 0;
    while (i < writes.size()) {
      Write first = writes.get(i);
      int j = i;
      long end = first.offset();
      long total = 0;
      while (j < writes.size()
          && writes.get(j).segment() == first.segment()
          && writes.get(j).offset() == end
          && total + writes.get(j).length() <= MAX_RUN) {
        end += writes.get(j).length();
        total += writes.get(j).length();
        j++;
      }
      if (j == i) {
        j = i + 1; // a single record larger than a run
        total = first.length();
      }
      ByteBuffer run;
      if (j == i + 1) {
        run = ByteBuffer.wrap(first.bytes());
      } else {
        run = runBuffer((int) total);
        for (int k = i; k < j; k++) {
          run.put(writes.get(k).bytes());
        }
        run.flip();
      }
      first.segment().handle.write(run, first.offset());
      for (int k = i; k < j; k++) {
        if (writes.get(k).written() != null) {
          writes.get(k).written().run();
        }
      }
      i = j;
    }
  }

  // A buffer for runs, grown as runs need (at most MAX_RUN): direct, so a run is not copied again
  // into the JDK's temporary direct buffer, and pooled, so it is not allocated per batch.
  private ByteBuffer runBuffer(int bytes) {
    if (runBuffer == null) {
      runBuffer = RUN_BUFFERS.poll();
    }
    if (runBuffer == null || runBuffer.capacity() < bytes) {
      runBuffer = ByteBuffer.allocateDirect(Math.max(bytes, 64 << 10));
    }
    return runBuffer.clear();
  }

  private void releaseRunBuffer() {
    if (runBuffer != null && RUN_BUFFERS.size() < POOLED_RUN_BUFFERS) {
      RUN_BUFFERS.offer(runBuffer);
    }
    runBuffer = null;
  }

  /** Writes and syncs what is queued, then stops. */
  void close() {
    lock.lock();
    try {
      closing = true;
      schedule();
    } finally {
      lock.unlock();
    }
    try {
      closed.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // as before: a writer stuck in a sync for that long is left to finish on its own
    }
  }
}
