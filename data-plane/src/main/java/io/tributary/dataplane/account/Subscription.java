package io.tributary.dataplane.account;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.dataplane.subject.Sublist;

/**
 * A subscription of a client or of an internal service, in one account's index. Deliveries come
 * from any publisher's thread, so the delivered count is atomic and {@code max} (auto-unsubscribe)
 * is volatile.
 */
public final class Subscription implements Sublist.Member {
  private final Subscriber owner;
  private final String subject;
  private final String queue;
  private final String sid;
  private final byte[] sidBytes;
  private final AtomicLong delivered = new AtomicLong();
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
    return delivered.get();
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
    long n = delivered.incrementAndGet();
    long m = max;
    return m <= 0 || n <= m;
  }

  /** True once the auto-unsubscribe limit is reached. */
  public boolean reachedMax() {
    long m = max;
    return m > 0 && delivered.get() >= m;
  }
}
