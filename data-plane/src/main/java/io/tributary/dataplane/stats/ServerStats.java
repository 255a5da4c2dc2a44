package io.tributary.dataplane.stats;

import java.util.concurrent.atomic.LongAdder;

/** Node-wide counters, updated from every event loop. */
public final class ServerStats extends TrafficCounters {
  private final LongAdder slowConsumers = new LongAdder();
  private final LongAdder staleConnections = new LongAdder();
  private final LongAdder totalConnections = new LongAdder();

  public void slowConsumer() {
    slowConsumers.increment();
  }

  public void staleConnection() {
    staleConnections.increment();
  }

  public void accepted() {
    totalConnections.increment();
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
