package io.tributary.dataplane.jetstream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.dataplane.log.NodeLog;

/**
 * Runs tasks one at a time, in the order they were submitted, on a shared pool: a stream's writes
 * (one decided order, as the store requires) and an account's API requests, without a thread each.
 * A task that throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {
  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    // A bounded run, so one busy stream cannot hold a pool thread for ever.
    for (int i = 0; i < 4096; i++) {
      Runnable t = tasks.poll();
      if (t == null) {
        break;
      }
      try {
        t.run();
      } catch (RuntimeException | Error e) {
        NodeLog.warn("jetstream task failed: " + e);
      }
    }
    scheduled.set(false);
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }
}
