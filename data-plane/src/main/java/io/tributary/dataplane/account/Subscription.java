package io.tributary.dataplane.account;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import io.tributary.dataplane.subject.Sublist;

/**
 * A subscription of a client or of an internal service, in one account's index. Deliveries come
 * from any publisher's thread, so the delivered count is atomic and {@code max} (auto-unsubscribe)
 * is volatile. A node may hold millions of these, so the count is a field updated through a {@link
 * VarHandle}, not an object of its own.
 */
public final class Subscription implements Sublist.Member {
  private final Subscriber owner;
  private final String subject;
  private final String queue;
  private final String sid;
  private final byte[] sidBytes;
  private static final VarHandle DELIVERED;
  private static final VarHandle SHARED;

  static {
    try {
      DELIVERED = MethodHandles.lookup().findVarHandle(Subscription.class, "delivered", long.class);
      SHARED = MethodHandles.lookup().findVarHandle(Subscription.class, "shared", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The cluster's view of this subscription: not told yet, told of (RS+ counted), or gone.
  private static final byte NOT_SHARED = 0;
  private static final byte SHARED_WITH_CLUSTER = 1;
  private static final byte UNSHARED = 2;

  @SuppressWarnings("unused") // through SHARED
  private volatile byte shared;

  /**
   * Heap bytes one subscription takes besides its strings' characters (this object, its entries in
   * its connection's map and in the account's index, the strings' headers), as measured with {@code
   * bench subs}; what {@link #memoryCost} charges to the account's memory share.
   */
  private static final int FIXED_COST = 280;

  @SuppressWarnings("unused") // through DELIVERED
  private volatile long delivered;

  private volatile long max;
  private volatile boolean closed;

  public Subscription(Subscriber owner, String subject, String queue, String sid) {
    this.owner = owner;
    this.subject = subject;
    this.queue = queue;
    this.sid = sid;
    this.sidBytes = sid.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String subject() {
    return subject;
  }

  @Override
  public String queue() {
    return queue;
  }

  public String sid() {
    return sid;
  }

  /** The sid's bytes, for MSG lines. */
  public byte[] sidBytes() {
    return sidBytes;
  }

  public Subscriber owner() {
    return owner;
  }

  public long delivered() {
    return delivered;
  }

  /**
   * What this subscription costs the heap, about: a fixed part plus its subject twice (the string
   * and its last token in the index), its queue and its sid twice (the string and its bytes).
   */
  public long memoryCost() {
    return FIXED_COST
        + 2L * subject.length()
        + (queue == null ? 0 : queue.length())
        + 2L * sidBytes.length;
  }

  public long max() {
    return max;
  }

  /** Sets the auto-unsubscribe limit (UNSUB with a count). */
  public void max(long max) {
    this.max = max;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Marks the subscription closed: it claims no more deliveries. */
  public void close() {
    closed = true;
  }

  /**
   * Claims the next delivery: false if the subscription is closed or has reached its
   * auto-unsubscribe limit. The caller that claims the last allowed delivery ({@link #reachedMax})
   * removes the subscription.
   */
  public boolean claimDelivery() {
    if (closed) {
      return false;
    }
    long n = (long) DELIVERED.getAndAdd(this, 1L) + 1;
    long m = max;
    return m <= 0 || n <= m;
  }

  /**
   * True the first time the cluster counts this subscription in (never after it was counted out): a
   * subscription being added while the cluster starts is counted once, whoever sees it first.
   */
  boolean markShared() {
    return SHARED.compareAndSet(this, NOT_SHARED, SHARED_WITH_CLUSTER);
  }

  /** True if the cluster counted this subscription in and now counts it out (once). */
  boolean markUnshared() {
    return (byte) SHARED.getAndSet(this, UNSHARED) == SHARED_WITH_CLUSTER;
  }

  /** True once the auto-unsubscribe limit is reached. */
  public boolean reachedMax() {
    long m = max;
    return m > 0 && delivered >= m;
  }
}
