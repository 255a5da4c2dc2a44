package io.tributary.dataplane.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.tributary.dataplane.server.Server;
import io.tributary.dataplane.server.ServerStats;

/**
 * Registers the node's counters with Micrometer; {@code /metrics} scrapes them in Prometheus
 * format.
 */
final class Metrics {
  private Metrics() {}

  static void bind(MeterRegistry registry, Server server) {
    ServerStats s = server.stats();
    Gauge.builder("nats_connections", server, sv -> sv.clients().size())
        .description("Open client connections")
        .register(registry);
    Gauge.builder(
            "nats_subscriptions",
            server,
            sv -> sv.accounts().all().stream().mapToInt(a -> a.sublist().count()).sum())
        .description("Subscriptions")
        .register(registry);
    counter(registry, "nats_in_msgs", "Messages received from clients", s, ServerStats::inMsgs);
    counter(registry, "nats_out_msgs", "Messages delivered to clients", s, ServerStats::outMsgs);
    counter(
        registry, "nats_in_bytes", "Payload bytes received from clients", s, ServerStats::inBytes);
    counter(
        registry, "nats_out_bytes", "Payload bytes delivered to clients", s, ServerStats::outBytes);
    counter(
        registry,
        "nats_slow_consumers",
        "Connections cut off as slow consumers",
        s,
        ServerStats::slowConsumers);
    counter(
        registry,
        "nats_stale_connections",
        "Connections closed as stale",
        s,
        ServerStats::staleConnections);
    counter(
        registry,
        "nats_total_connections",
        "Client connections accepted",
        s,
        ServerStats::totalConnections);
    new JvmMemoryMetrics().bindTo(registry);
  }

  private static void counter(
      MeterRegistry r,
      String name,
      String help,
      ServerStats s,
      java.util.function.ToDoubleFunction<ServerStats> f) {
    FunctionCounter.builder(name, s, f).description(help).register(r);
  }
}
