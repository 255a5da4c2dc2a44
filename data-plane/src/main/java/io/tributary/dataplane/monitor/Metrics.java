package io.tributary.dataplane.monitor;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.cluster.Cluster;
import io.tributary.dataplane.stats.ServerStats;

/**
 * Registers the node's counters with Micrometer; {@code /metrics} scrapes them in Prometheus
 * format.
 */
final class Metrics {
  private Metrics() {}

  static void bind(MeterRegistry registry, MonitoredNode server) {
    ServerStats s = server.stats();
    Gauge.builder("nats_connections", server, MonitoredNode::connectionCount)
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

  /** Per-account meters; rows come and go with accounts, so they are refreshed on every scrape. */
  record AccountMeters(
      MultiGauge connections,
      MultiGauge subscriptions,
      MultiGauge inMsgs,
      MultiGauge inBytes,
      MultiGauge outMsgs,
      MultiGauge outBytes) {}

  static AccountMeters accountMeters(MeterRegistry r) {
    return new AccountMeters(
        MultiGauge.builder("nats_account_connections")
            .description("Client connections per account")
            .register(r),
        MultiGauge.builder("nats_account_subscriptions")
            .description("Subscriptions per account")
            .register(r),
        MultiGauge.builder("nats_account_in_msgs")
            .description("Messages published by the account's clients")
            .register(r),
        MultiGauge.builder("nats_account_in_bytes")
            .description("Message bytes published by the account's clients")
            .register(r),
        MultiGauge.builder("nats_account_out_msgs")
            .description("Messages delivered to the account's clients")
            .register(r),
        MultiGauge.builder("nats_account_out_bytes")
            .description("Message bytes delivered to the account's clients")
            .register(r));
  }

  static void refreshAccounts(AccountMeters m, MonitoredNode server) {
    List<Account> accounts = List.copyOf(server.accounts().all());
    m.connections().register(rows(accounts, Account::connections), true);
    m.subscriptions().register(rows(accounts, a -> a.sublist().count()), true);
    m.inMsgs().register(rows(accounts, a -> a.traffic().inMsgs()), true);
    m.inBytes().register(rows(accounts, a -> a.traffic().inBytes()), true);
    m.outMsgs().register(rows(accounts, a -> a.traffic().outMsgs()), true);
    m.outBytes().register(rows(accounts, a -> a.traffic().outBytes()), true);
  }

  /** Per-route meters, labelled by the other node's name; refreshed on every scrape. */
  record RouteMeters(
      MultiGauge inMsgs,
      MultiGauge inBytes,
      MultiGauge outMsgs,
      MultiGauge outBytes,
      MultiGauge pending,
      MultiGauge subscriptions,
      MultiGauge dropped) {}

  static RouteMeters routeMeters(MeterRegistry r) {
    return new RouteMeters(
        MultiGauge.builder("nats_route_in_msgs")
            .description("Messages received over the route")
            .register(r),
        MultiGauge.builder("nats_route_in_bytes")
            .description("Bytes received over the route")
            .register(r),
        MultiGauge.builder("nats_route_out_msgs")
            .description("Messages forwarded over the route")
            .register(r),
        MultiGauge.builder("nats_route_out_bytes")
            .description("Bytes forwarded over the route")
            .register(r),
        MultiGauge.builder("nats_route_pending_bytes")
            .description("Bytes queued for the route")
            .register(r),
        MultiGauge.builder("nats_route_subscriptions")
            .description("Subscriptions the other node holds here")
            .register(r),
        MultiGauge.builder("nats_route_dropped_msgs")
            .description("Messages dropped while the route was too far behind")
            .register(r));
  }

  static void refreshRoutes(RouteMeters m, MonitoredNode server) {
    Cluster cluster = server.cluster();
    List<Cluster.RouteInfo> routes = cluster == null ? List.of() : cluster.routes(false);
    m.inMsgs().register(routeRows(routes, Cluster.RouteInfo::inMsgs), true);
    m.inBytes().register(routeRows(routes, Cluster.RouteInfo::inBytes), true);
    m.outMsgs().register(routeRows(routes, Cluster.RouteInfo::outMsgs), true);
    m.outBytes().register(routeRows(routes, Cluster.RouteInfo::outBytes), true);
    m.pending().register(routeRows(routes, Cluster.RouteInfo::pendingSize), true);
    m.subscriptions().register(routeRows(routes, Cluster.RouteInfo::subscriptions), true);
    m.dropped().register(routeRows(routes, Cluster.RouteInfo::droppedMsgs), true);
  }

  private static List<MultiGauge.Row<?>> routeRows(
      List<Cluster.RouteInfo> routes, java.util.function.ToDoubleFunction<Cluster.RouteInfo> f) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Cluster.RouteInfo r : routes) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of(
                  "remote_name",
                  String.valueOf(r.remoteName()),
                  "remote_id",
                  String.valueOf(r.remoteId())),
              f.applyAsDouble(r)));
    }
    return rows;
  }

  private static List<MultiGauge.Row<?>> rows(
      List<Account> accounts, java.util.function.ToDoubleFunction<Account> f) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Account a : accounts) {
      rows.add(MultiGauge.Row.of(Tags.of("account", a.name()), f.applyAsDouble(a)));
    }
    return rows;
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
