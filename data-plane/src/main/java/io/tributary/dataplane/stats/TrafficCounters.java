package io.tributary.dataplane.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and message bytes (headers and payload, as nats-server's {@code in_bytes}) in and out,
 * updated from every event loop. Node-wide in {@link ServerStats}, per account for usage metering.
 */
public class TrafficCounters {
  private final LongAdder inMsgs = new LongAdder();
  private final LongAdder inBytes = new LongAdder();
  private final LongAdder outMsgs = new LongAdder();
  private final LongAdder outBytes = new LongAdder();

  /** A message published by a client. */
  public void received(int bytes) {
    inMsgs.increment();
    inBytes.add(bytes);
  }

  /** A message delivered to a subscription. */
  public void sent(int bytes) {
    outMsgs.increment();
    outBytes.add(bytes);
  }

  public long inMsgs() {
    return inMsgs.sum();
  }

  public long inBytes() {
    return inBytes.sum();
  }

  public long outMsgs() {
    return outMsgs.sum();
  }

  public long outBytes() {
    return outBytes.sum();
  }
}
