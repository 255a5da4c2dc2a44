package io.tributary.dataplane.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.tributary.dataplane.account.DeliveryBatch;
import io.tributary.dataplane.memory.MemoryBudget;

/**
 * What is queued for one client (or one route to another node). Any thread appends (a publisher on
 * another event loop delivering a message); only the client's event loop writes to the socket. The
 * first append after a flush schedules one flush task on that loop, so all messages appended during
 * a loop turn (typically one read cycle of the publishers) go out in one write.
 *
 * <p>Pending bytes (appended but not yet written to the socket) are bounded: past {@code
 * maxPending} the append is refused and the connection is cut off as a slow consumer, so one reader
 * that stops reading cannot grow memory. They are also charged to the account's share of the node's
 * direct-memory budget, in grants of {@link #GRANT} bytes (not per message: the budget's counters
 * are shared by every connection of the node) given back once the queue is empty; a connection
 * whose account (or the node) has no budget left is cut off the same way.
 */
public final class Outbound {
  private static final byte[] CRLF = {'\r', '\n'};

  private final ChannelHandlerContext ctx;
  private final long maxPending;
  private final Runnable flushTask = this::flush;
  private final Runnable scheduleFlushTask;
  private static final long GRANT = 64 * 1024;

  private final AtomicLong pending = new AtomicLong();
  private volatile MemoryBudget.Share share; // null until the connection has an account
  private long reserved; // charged to share, guarded by this
  private volatile long lastProgressNanos = System.nanoTime();
  private ByteBuf buffer; // guarded by this
  private boolean flushScheduled; // guarded by this
  private boolean closed; // guarded by this

  public Outbound(ChannelHandlerContext ctx, long maxPending) {
    this.ctx = ctx;
    this.maxPending = maxPending;
    this.scheduleFlushTask = () -> ctx.executor().execute(flushTask);
  }

  /** Charges what is queued from now on to {@code share} (the connection's account's). */
  synchronized void chargeTo(MemoryBudget.Share share) {
    releaseReserved();
    this.share = share;
  }

  /**
   * Queues a MSG or HMSG; false if the connection is over its pending limit (the message is
   * dropped).
   */
  boolean message(
      byte[] subject,
      byte[] sid,
      byte[] reply,
      byte[] payload,
      int offset,
      int size,
      int headerSize,
      boolean withHeaders) {
    boolean hmsg = withHeaders && headerSize >= 0;
    int skip =
        !hmsg && headerSize > 0
            ? headerSize
            : 0; // headers are dropped for clients without header support
    int estimate = subject.length + sid.length + (reply == null ? 0 : reply.length + 1) + 40 + size;
    if (pending.get() + estimate > maxPending) {
      return false;
    }
    boolean schedule;
    int before;
    synchronized (this) {
      if (closed) {
        return true;
      }
      if (!reserve(estimate)) {
        return false; // the account's or the node's direct-memory budget is spent: a slow consumer
      }
      ByteBuf b;
      try {
        b = buffer(estimate);
        b.ensureWritable(estimate);
      } catch (OutOfMemoryError e) {
        // No memory left for this reader's backlog: it is a slow consumer, and the publisher is
        // unaffected.
        return false;
      }
      before = b.writerIndex();
      b.writeBytes(hmsg ? HMSG : MSG);
      b.writeBytes(subject);
      b.writeByte(' ');
      b.writeBytes(sid);
      if (reply != null) {
        b.writeByte(' ');
        b.writeBytes(reply);
      }
      if (hmsg) {
        b.writeByte(' ');
        writeDecimal(b, headerSize);
      }
      b.writeByte(' ');
      writeDecimal(b, size - skip);
      b.writeBytes(CRLF);
      b.writeBytes(payload, offset + skip, size - skip);
      b.writeBytes(CRLF);
      schedule = scheduleFlush();
      pending.addAndGet(b.writerIndex() - before);
    }
    if (schedule && !DeliveryBatch.defer(scheduleFlushTask)) {
      ctx.executor().execute(flushTask);
    }
    return true;
  }

  /**
   * Queues an RMSG or HMSG for another node: {@code account subject [reply | + reply queues… | |
   * queues…] [header size] size}, as nats-server 2.9 routes them. False if the route is over its
   * pending limit (the message is dropped).
   */
  public boolean routed(
      byte[] account,
      byte[] subject,
      byte[] reply,
      List<String> queues,
      byte[] payload,
      int offset,
      int size,
      int headerSize) {
    boolean hmsg = headerSize >= 0;
    int estimate =
        account.length + subject.length + (reply == null ? 0 : reply.length + 3) + 48 + size;
    for (String q : queues) {
      estimate += q.length() + 1;
    }
    if (pending.get() + estimate > maxPending) {
      return false;
    }
    boolean schedule;
    synchronized (this) {
      if (closed) {
        return false;
      }
      ByteBuf b;
      try {
        b = buffer(estimate);
        b.ensureWritable(estimate);
      } catch (OutOfMemoryError e) {
        return false;
      }
      int before = b.writerIndex();
      b.writeBytes(hmsg ? HMSG : RMSG);
      b.writeBytes(account);
      b.writeByte(' ');
      b.writeBytes(subject);
      if (!queues.isEmpty()) {
        b.writeByte(' ');
        if (reply != null) {
          b.writeByte('+');
          b.writeByte(' ');
          b.writeBytes(reply);
        } else {
          b.writeByte('|');
        }
        for (String q : queues) {
          b.writeByte(' ');
          b.writeCharSequence(q, StandardCharsets.UTF_8);
        }
      } else if (reply != null) {
        b.writeByte(' ');
        b.writeBytes(reply);
      }
      if (hmsg) {
        b.writeByte(' ');
        writeDecimal(b, headerSize);
      }
      b.writeByte(' ');
      writeDecimal(b, size);
      b.writeBytes(CRLF);
      b.writeBytes(payload, offset, size);
      b.writeBytes(CRLF);
      schedule = scheduleFlush();
      pending.addAndGet(b.writerIndex() - before);
    }
    if (schedule && !DeliveryBatch.defer(scheduleFlushTask)) {
      ctx.executor().execute(flushTask);
    }
    return true;
  }

  /** Queues a protocol line (INFO, PONG, +OK, -ERR, PING). Lines are small and never refused. */
  public void line(byte[] bytes) {
    boolean schedule;
    synchronized (this) {
      if (closed) {
        return;
      }
      buffer(bytes.length).writeBytes(bytes);
      pending.addAndGet(bytes.length);
      schedule = scheduleFlush();
    }
    if (schedule) {
      ctx.executor().execute(flushTask);
    }
  }

  /** Bytes appended but not yet written to the socket. */
  public long pendingBytes() {
    return pending.get();
  }

  /** Nanos since a write last completed, if anything is pending; 0 otherwise. */
  public long stalledNanos() {
    return pending.get() == 0 ? 0 : System.nanoTime() - lastProgressNanos;
  }

  /** Writes out what is queued. Runs on the client's event loop. */
  void flush() {
    ByteBuf b;
    synchronized (this) {
      flushScheduled = false;
      b = buffer;
      buffer = null;
    }
    if (b == null) {
      return;
    }
    int n = b.readableBytes();
    ctx.writeAndFlush(b)
        .addListener(
            f -> {
              if (pending.addAndGet(-n) == 0) {
                giveBackIfEmpty();
              }
              lastProgressNanos = System.nanoTime();
            });
  }

  // Caller holds the lock. Makes sure `estimate` more bytes are covered by the budget.
  private boolean reserve(int estimate) {
    MemoryBudget.Share s = share;
    long needed = pending.get() + estimate - reserved;
    if (s == null || needed <= 0) {
      return true;
    }
    long grant = Math.max(GRANT, needed);
    if (!s.tryCharge(MemoryBudget.Pool.DIRECT, grant)) {
      return false;
    }
    reserved += grant;
    return true;
  }

  private synchronized void giveBackIfEmpty() {
    if (pending.get() == 0) {
      releaseReserved();
    }
  }

  // Caller holds the lock.
  private void releaseReserved() {
    if (reserved > 0) {
      share.release(MemoryBudget.Pool.DIRECT, reserved);
      reserved = 0;
    }
  }

  /**
   * Flushes what is queued, refuses anything later, then closes the channel. Runs on the client's
   * event loop.
   */
  public void flushAndClose() {
    ByteBuf b;
    synchronized (this) {
      closed = true;
      b = buffer;
      buffer = null;
      releaseReserved(); // what is left goes out once and is not the account's to hold any more
    }
    if (b != null && ctx.channel().isActive()) {
      ctx.writeAndFlush(b).addListener(f -> ctx.close());
    } else {
      if (b != null) {
        b.release();
      }
      ctx.close();
    }
  }

  /**
   * Flushes what is queued, refuses anything later, then shuts the socket's output (the reader sees
   * the end of the stream) while its input stays open. Runs on the client's event loop.
   */
  public void flushAndShutdownOutput() {
    ByteBuf b;
    synchronized (this) {
      closed = true;
      b = buffer;
      buffer = null;
      releaseReserved();
    }
    Runnable shutdown =
        () -> {
          if (ctx.channel() instanceof DuplexChannel d) {
            d.shutdownOutput();
          } else {
            ctx.close();
          }
        };
    if (b != null && ctx.channel().isActive()) {
      ctx.writeAndFlush(b).addListener(f -> shutdown.run());
    } else {
      if (b != null) {
        b.release();
      }
      shutdown.run();
    }
  }

  /** Drops what is queued (a slow consumer is cut off without flushing). */
  public void discard() {
    synchronized (this) {
      closed = true;
      if (buffer != null) {
        buffer.release();
        buffer = null;
      }
      releaseReserved();
    }
  }

  // Caller holds the lock.
  private ByteBuf buffer(int atLeast) {
    if (buffer == null) {
      buffer = ctx.alloc().directBuffer(Math.max(4096, atLeast));
    }
    return buffer;
  }

  // Caller holds the lock.
  private boolean scheduleFlush() {
    if (flushScheduled) {
      return false;
    }
    flushScheduled = true;
    return true;
  }

  private static void writeDecimal(ByteBuf b, int v) {
    int digits = 1;
    for (int p = 10; p <= v && digits < 10; p *= 10) {
      digits++;
    }
    int at = b.writerIndex();
    b.ensureWritable(digits);
    for (int i = digits - 1; i >= 0; i--) {
      b.setByte(at + i, '0' + v % 10);
      v /= 10;
    }
    b.writerIndex(at + digits);
  }

  private static final byte[] MSG = "MSG ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HMSG = "HMSG ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RMSG = "RMSG ".getBytes(StandardCharsets.US_ASCII);
}
