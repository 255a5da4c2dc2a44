package io.tributary.bench.load;

/**
 * What one load run measured.
 *
 * @param scenario pubsub, fanout, reqrep, conns or slow
 * @param msgsPerSecond messages published per second (connections per second for conns)
 * @param p50Micros median latency (request/reply, connect), or 0
 * @param p99Micros 99th percentile latency, or 0
 * @param note anything else worth printing
 */
public record LoadResult(
    String scenario, double msgsPerSecond, double p50Micros, double p99Micros, String note) {}
