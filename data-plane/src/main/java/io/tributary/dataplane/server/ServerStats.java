package io.tributary.dataplane.server;

import java.util.concurrent.atomic.LongAdder;

/** Node-wide counters, updated from every event loop. */
public final class ServerStats {
  private final LongAdder inMsgs = new LongAdder();
  private final LongAdder inBytes = new LongAdder();
  private final LongAdder outMsgs = new LongAdder();
  private final LongAdder outBytes = new LongAdder();
  private final LongAdder slowConsumers = new LongAdder();
  private final LongAdder staleConnections = new LongAdder();
  private final LongAdder totalConnections = new LongAdder();

  public void received(int bytes) {
    inMsgs.increment();
    inBytes.add(bytes);
  }

  public void sent(int bytes) {
    outMsgs.increment();
    outBytes.add(bytes);
  }

  public void slowConsumer() {
    slowConsumers.increment();
  }

  public void staleConnection() {
    staleConnections.increment();
  }

  public void accepted() {
    totalConnections.increment();
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

  public long slowConsumers() {
    return slowConsumers.sum();
  }

  public long staleConnections() {
    return staleConnections.sum();
  }

  public long totalConnections() {
    return totalConnections.sum();
  }
}
