package io.tributary.dataplane.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The file store's writer thread. Writes are queued in order (under this object's monitor, by the
 * store's writing thread) into the open batch; the writer takes the whole batch, writes it, syncs
 * each touched segment once (and the directory when a segment was created), then completes the
 * batch's one future: one fsync per batch however many records it holds. While a sync runs, new
 * writes fill the next batch. A failed write or sync fails its batch and every later one, and the
 * store refuses writes ({@code onFailure}) until it recovers.
 */
final class GroupCommit {
  private record Write(FileStore.Segment segment, long offset, byte[] bytes, Runnable written) {
    int length() {
      return bytes.length;
    }
  }

  private static final int MAX_RUN = 4 << 20; // bytes in one write

  private final Thread thread;
  private final UnaryOperator<StoreException.StorageFailure> onFailure;
  private final FileIo io;
  private final Path dir;
  private List<Write> queue = new ArrayList<>(); // guarded by this
  private List<Runnable> afterSync = new ArrayList<>(); // guarded by this
  private CompletableFuture<Void> batch = new CompletableFuture<>(); // guarded by this
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null); // by this
  private boolean dirDirty; // guarded by this
  private StoreException.StorageFailure failure; // guarded by this
  private boolean closing; // guarded by this
  private volatile SyncPolicy policy = SyncPolicy.ALWAYS;
  // Written but not yet synced (other policies than always): segment -> end written. Writer only.
  private final Map<FileStore.Segment, Long> unsynced = new LinkedHashMap<>();
  private boolean unsyncedDir; // writer only
  private long lastSync = System.nanoTime(); // writer only
  private ByteBuffer runBuffer; // writer only

  GroupCommit(
      String name, UnaryOperator<StoreException.StorageFailure> onFailure, FileIo io, Path dir) {
    this.onFailure = onFailure;
    this.io = io;
    this.dir = dir;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a record at its offset; {@code written} runs once it is written (before the sync).
   * Returns the future of its batch: completed once the record is durable.
   */
  synchronized CompletableFuture<Void> append(
      FileStore.Segment segment, long offset, byte[] bytes, Runnable written) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    queue.add(new Write(segment, offset, bytes, written));
    notifyAll();
    return batch;
  }

  /** A new segment: its header is queued, and the directory is synced with the batch. */
  synchronized void created(FileStore.Segment segment, byte[] header) {
    queue.add(new Write(segment, 0, header, null));
    dirDirty = true;
    notifyAll();
  }

  /** Runs {@code task} on the writer after the open batch is durable. */
  synchronized void afterSync(Runnable task) {
    afterSync.add(task);
  }

  /** Completes when everything queued so far is durable. */
  synchronized CompletableFuture<Void> flush() {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    return queue.isEmpty() ? inFlight : batch;
  }

  /** From now on, syncs as {@code policy} says. */
  synchronized void policy(SyncPolicy policy) {
    this.policy = policy;
    notifyAll();
  }

  /** After a failure: forgets what was queued, so the store can start again after recovering. */
  synchronized void reset() {
    queue = new ArrayList<>();
    afterSync = new ArrayList<>();
    batch = new CompletableFuture<>();
    inFlight = CompletableFuture.completedFuture(null);
    failure = null;
    notifyAll();
  }

  private void run() {
    while (true) {
      List<Write> writes;
      List<Runnable> after;
      CompletableFuture<Void> done;
      boolean syncDir;
      SyncPolicy p;
      synchronized (this) {
        while (!closing && (failure != null || queue.isEmpty()) && !syncDue()) {
          waitForWork();
        }
        if (queue.isEmpty() || failure != null) {
          if (!closing) {
            syncUnsynced(); // an interval elapsed with nothing new queued
            continue;
          }
          syncUnsynced();
          batch.completeExceptionally(
              new StoreException.StorageFailure("closing", new IOException("store closed")));
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
      }
      try {
        Set<FileStore.Segment> touched = new LinkedHashSet<>();
        writeCoalesced(writes, touched);
        for (Write w : writes) {
          unsynced.merge(w.segment(), w.offset() + w.length(), Math::max);
        }
        unsyncedDir |= syncDir;
        if (p.always() || closingNow() || syncDue()) {
          syncNow();
        }
      } catch (IOException | RuntimeException e) {
        fail(e, done);
        continue;
      }
      after.forEach(Runnable::run);
      done.complete(null);
    }
  }

  private synchronized boolean closingNow() {
    return closing;
  }

  // Policies other than always: an interval has passed since the last sync with data unsynced.
  private boolean syncDue() {
    SyncPolicy p = policy;
    return !unsynced.isEmpty()
        && !p.always()
        && !p.never()
        && System.nanoTime() - lastSync >= p.interval().toNanos();
  }

  private void waitForWork() {
    SyncPolicy p = policy;
    if (!unsynced.isEmpty() && !p.always() && !p.never()) {
      long waitNanos = p.interval().toNanos() - (System.nanoTime() - lastSync);
      if (waitNanos > 0) {
        try {
          wait(Math.max(1, waitNanos / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closing = true;
        }
      }
      return;
    }
    waitQuietly();
  }

  // Syncs what was written since the last sync (called with the monitor held or on the writer).
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

  private void fail(Exception e, CompletableFuture<Void> done) {
    // A bug fails the batch like a disk error, never silently (the writer thread carries on).
    IOException cause = e instanceof IOException io ? io : new IOException(e.toString(), e);
    StoreException.StorageFailure f =
        onFailure.apply(new StoreException.StorageFailure("writing to " + dir, cause));
    unsynced.clear();
    unsyncedDir = false;
    synchronized (this) {
      failure = f;
      if (done != null) {
        done.completeExceptionally(f);
      }
      batch.completeExceptionally(f);
    }
  }

  // Runs of records that follow each other in one segment go out in one write: one system call
  // per run instead of one per record.
  private void writeCoalesced(List<Write> writes, Set<FileStore.Segment> touched)
      throws IOException {
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
      touched.add(first.segment());
      for (int k = i; k < j; k++) {
        if (writes.get(k).written() != null) {
          writes.get(k).written().run();
        }
      }
      i = j;
    }
  }

  // The writer's one buffer for runs, grown as runs need (at most MAX_RUN): direct, so a run is
  // not copied again into the JDK's temporary direct buffer, and not allocated per batch.
  private ByteBuffer runBuffer(int bytes) {
    if (runBuffer == null || runBuffer.capacity() < bytes) {
      runBuffer = ByteBuffer.allocateDirect(Math.max(bytes, 64 << 10));
    }
    return runBuffer.clear();
  }

  private void waitQuietly() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  /** Writes and syncs what is queued, then stops. */
  void close() {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
