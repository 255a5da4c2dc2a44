package io.tributary.dataplane.memory;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.util.internal.PlatformDependent;

/**
 * The memory that tenants' activity draws from, node-wide and per account, in two pools: {@link
 * Pool#HEAP} (subscriptions; later JetStream buffers) and {@link Pool#DIRECT} (bytes queued for
 * clients). Each pool has a node-wide limit and a per-account limit (a share of it), so that one
 * account that subscribes without end is refused at its share while the others keep working, and
 * the node stays below the JVM's own limits. Charges are estimates of what the JVM holds, not exact
 * allocations; they are released when what they paid for goes away.
 */
public final class MemoryBudget {
  /** Which memory a charge is against. */
  public enum Pool {
    /** The Java heap. */
    HEAP,
    /** Direct (off-heap) buffers. */
    DIRECT
  }

  private final long[] limits;
  private final long[] perAccount;
  private final AtomicLong[] used = {new AtomicLong(), new AtomicLong()};

  /**
   * @param heap heap bytes tenants may take together
   * @param direct direct-memory bytes tenants may take together
   * @param accountPercent the most one account may take of each, in percent (1–100)
   */
  public MemoryBudget(long heap, long direct, int accountPercent) {
    if (accountPercent < 1 || accountPercent > 100) {
      throw new IllegalArgumentException("account share must be 1–100 %: " + accountPercent);
    }
    this.limits = new long[] {heap, direct};
    this.perAccount = new long[] {heap / 100 * accountPercent, direct / 100 * accountPercent};
  }

  /**
   * The budget of this JVM: {@code heap} and {@code direct} bytes, or where 0 half the maximum heap
   * and three quarters of the maximum direct memory (what is left is the node's own: buffers of the
   * event loops, JetStream's indexes, the JVM).
   */
  public static MemoryBudget forThisJvm(long heap, long direct, int accountPercent) {
    return new MemoryBudget(
        heap > 0 ? heap : Runtime.getRuntime().maxMemory() / 2,
        direct > 0 ? direct : PlatformDependent.maxDirectMemory() / 4 * 3,
        accountPercent);
  }

  /** A budget that never refuses (tests and in-process tools that measure something else). */
  public static MemoryBudget unlimited() {
    return new MemoryBudget(Long.MAX_VALUE, Long.MAX_VALUE, 100);
  }

  /** A new account's share of this budget, empty. */
  public Share share() {
    return new Share();
  }

  /** The node-wide limit of a pool, in bytes. */
  public long limit(Pool pool) {
    return limits[pool.ordinal()];
  }

  /** The most one account may take of a pool, in bytes. */
  public long perAccount(Pool pool) {
    return perAccount[pool.ordinal()];
  }

  /** What all accounts hold of a pool now, in bytes. */
  public long used(Pool pool) {
    return used[pool.ordinal()].get();
  }

  /** One account's charges against the budget. Thread-safe. */
  public final class Share {
    private final AtomicLong[] held = {new AtomicLong(), new AtomicLong()};

    private Share() {}

    /**
     * Charges {@code bytes} to this account if both its share and the node's pool have room; false
     * (and nothing charged) otherwise.
     */
    public boolean tryCharge(Pool pool, long bytes) {
      int p = pool.ordinal();
      if (held[p].addAndGet(bytes) > perAccount[p]) {
        held[p].addAndGet(-bytes);
        return false;
      }
      if (used[p].addAndGet(bytes) > limits[p]) {
        used[p].addAndGet(-bytes);
        held[p].addAndGet(-bytes);
        return false;
      }
      return true;
    }

    /** Gives back {@code bytes} charged before. */
    public void release(Pool pool, long bytes) {
      int p = pool.ordinal();
      held[p].addAndGet(-bytes);
      used[p].addAndGet(-bytes);
    }

    /** What this account holds of a pool now, in bytes. */
    public long held(Pool pool) {
      return held[pool.ordinal()].get();
    }
  }
}
