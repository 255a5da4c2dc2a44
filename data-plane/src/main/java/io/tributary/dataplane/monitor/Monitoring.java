package io.tributary.dataplane.monitor;

import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.HOST;
import static io.tributary.dataplane.config.NodeSettings.MAX_CONNECTIONS;
import static io.tributary.dataplane.config.NodeSettings.MAX_CONTROL_LINE;
import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.MAX_PENDING;
import static io.tributary.dataplane.config.NodeSettings.MAX_PINGS_OUT;
import static io.tributary.dataplane.config.NodeSettings.PING_INTERVAL;
import static io.tributary.dataplane.config.NodeSettings.WRITE_DEADLINE;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.Subscription;
import io.tributary.dataplane.client.ClientSnapshot;
import io.tributary.dataplane.cluster.Cluster;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.memory.HeapWatch;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.subject.Sublist;

/** Builds the monitoring documents, with nats-server's field names for the fields they share. */
public final class Monitoring {
  private final MonitoredNode server;

  public Monitoring(MonitoredNode server) {
    this.server = server;
  }

  MonitoredNode server() {
    return server;
  }

  public Map<String, Object> varz() {
    ServerOptions o = server.options();
    var stats = server.stats();
    Instant now = Instant.now();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("server_id", server.serverId());
    v.put("server_name", server.serverName());
    v.put("version", server.version());
    v.put("proto", 1);
    v.put("host", o.get(HOST));
    v.put("port", server.port());
    v.put("max_connections", o.get(MAX_CONNECTIONS));
    v.put("ping_interval", o.get(PING_INTERVAL).toNanos());
    v.put("ping_max", o.get(MAX_PINGS_OUT));
    v.put("http_port", server.httpPort());
    double authTimeout = o.get(AUTH_TIMEOUT).toMillis() / 1000.0;
    // seconds as Go writes a float64: 2, not 2.0
    v.put(
        "auth_timeout",
        authTimeout == Math.rint(authTimeout) ? (Object) (long) authTimeout : authTimeout);
    v.put("max_control_line", o.get(MAX_CONTROL_LINE));
    v.put("max_payload", o.get(MAX_PAYLOAD));
    v.put("max_pending", o.get(MAX_PENDING));
    v.put("write_deadline", o.get(WRITE_DEADLINE).toNanos());
    v.put("start", server.started().toString());
    v.put("now", now.toString());
    v.put("uptime", goDuration(Duration.between(server.started(), now)));
    v.put("mem", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    v.put("cores", Runtime.getRuntime().availableProcessors());
    v.put("cpu", cpuPercent());
    v.put("connections", server.connectionCount());
    v.put("total_connections", stats.totalConnections());
    v.put("in_msgs", stats.inMsgs());
    v.put("out_msgs", stats.outMsgs());
    v.put("in_bytes", stats.inBytes());
    v.put("out_bytes", stats.outBytes());
    v.put("slow_consumers", stats.slowConsumers());
    v.put("stale_connections", stats.staleConnections());
    v.put("subscriptions", subscriptions());
    Cluster cluster = server.cluster();
    v.put("routes", cluster == null ? 0 : cluster.routeCount());
    v.put("remotes", cluster == null ? 0 : cluster.routeCount());
    if (cluster != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      if (cluster.name() != null) {
        c.put("name", cluster.name());
      }
      String listen = cluster.listenAddress();
      if (listen != null) {
        c.put("addr", listen.substring(0, listen.lastIndexOf(':')));
        c.put("cluster_port", cluster.port());
      }
      c.put("urls", cluster.configuredRoutes());
      v.put("cluster", c);
      v.put("connect_urls", cluster.clientUrls());
    }
    v.put("memory_budget", memoryBudget());
    return v;
  }

  /** nats-server's {@code /routez}: the routes to the other nodes of the cluster. */
  public Map<String, Object> routez(Query q) {
    Cluster cluster = server.cluster();
    boolean subs = q.subs();
    Map<String, Object> z = new LinkedHashMap<>();
    z.put("server_id", server.serverId());
    z.put("server_name", server.serverName());
    z.put("now", Instant.now().toString());
    List<Map<String, Object>> routes = new java.util.ArrayList<>();
    if (cluster != null) {
      for (Cluster.RouteInfo r : cluster.routes(subs)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rid", r.rid());
        m.put("remote_id", r.remoteId());
        m.put("remote_name", r.remoteName());
        m.put("did_solicit", r.didSolicit());
        m.put("is_configured", r.isConfigured());
        m.put("ip", r.ip());
        m.put("port", r.port());
        m.put("start", r.start().toString());
        m.put("pending_size", r.pendingSize());
        m.put("in_msgs", r.inMsgs());
        m.put("out_msgs", r.outMsgs());
        m.put("in_bytes", r.inBytes());
        m.put("out_bytes", r.outBytes());
        m.put("subscriptions", r.subscriptions());
        m.put("dropped_msgs", r.droppedMsgs()); // ours: dropped while the route was too far behind
        if (r.subscriptionsList() != null) {
          m.put("subscriptions_list", r.subscriptionsList());
        }
        routes.add(m);
      }
    }
    z.put("num_routes", routes.size());
    z.put("routes", routes);
    return z;
  }

  // Our addition to varz: the budget tenants draw from, and the heap left live by the last GC.
  private Map<String, Object> memoryBudget() {
    MemoryBudget b = server.memory();
    Map<String, Object> m = new LinkedHashMap<>();
    for (MemoryBudget.Pool p : MemoryBudget.Pool.values()) {
      m.put(
          p.name().toLowerCase(java.util.Locale.ROOT),
          Map.of("limit", b.limit(p), "per_account", b.perAccount(p), "used", b.used(p)));
    }
    m.put("heap_max", Runtime.getRuntime().maxMemory());
    m.put("heap_after_gc", HeapWatch.get().usedAfterGc());
    return m;
  }

  /** The {@code statsz} object of nats-server's {@code $SYS.SERVER.<id>.STATSZ}. */
  public Map<String, Object> statsz() {
    var stats = server.stats();
    Map<String, Object> z = new LinkedHashMap<>();
    z.put("start", server.started().toString());
    z.put("mem", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    z.put("cores", Runtime.getRuntime().availableProcessors());
    z.put("cpu", cpuPercent());
    z.put("connections", server.connectionCount());
    z.put("total_connections", stats.totalConnections());
    z.put(
        "active_accounts",
        server.accounts().all().stream().filter(a -> a.connections() > 0).count());
    z.put("subscriptions", subscriptions());
    z.put("sent", Map.of("msgs", stats.outMsgs(), "bytes", stats.outBytes()));
    z.put("received", Map.of("msgs", stats.inMsgs(), "bytes", stats.inBytes()));
    z.put("slow_consumers", stats.slowConsumers());
    z.put("active_servers", 1);
    return z;
  }

  private int subscriptions() {
    return server.accounts().all().stream().mapToInt(a -> a.sublist().count()).sum();
  }

  // The process's CPU use in percent of one core, as nats-server reports it.
  private static double cpuPercent() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0
          ? 0
          : Math.round(load * 100 * Runtime.getRuntime().availableProcessors() * 100) / 100.0;
    }
    return 0;
  }

  Map<String, Object> connz(Query q) {
    List<ClientSnapshot> all = new ArrayList<>(server.clients());
    if (q.account() != null) {
      all.removeIf(c -> !q.account().equals(c.account()));
    }
    all.sort(Comparator.comparingLong(ClientSnapshot::id));
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = q.offset(); i < all.size() && page.size() < q.limit(); i++) {
      ClientSnapshot c = all.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cid", c.id());
      m.put("kind", "Client");
      m.put("type", "nats");
      m.put("ip", c.remoteIp());
      m.put("port", c.remotePort());
      m.put("start", c.start().toString());
      m.put("uptime", goDuration(Duration.between(c.start(), Instant.now())));
      m.put("idle", goDuration(c.idle()));
      m.put("pending_bytes", c.pendingBytes());
      m.put("in_msgs", c.inMsgs());
      m.put("out_msgs", c.outMsgs());
      m.put("in_bytes", c.inBytes());
      m.put("out_bytes", c.outBytes());
      m.put("subscriptions", c.subscriptions().size());
      putIfSet(m, "name", c.name());
      putIfSet(m, "lang", c.lang());
      putIfSet(m, "version", c.version());
      putIfSet(m, "account", c.account());
      putIfSet(m, "authorized_user", c.user());
      if (q.subs()) {
        if (q.subsDetail()) {
          m.put(
              "subscriptions_list_detail",
              c.subscriptions().stream().map(Monitoring::detail).toList());
        } else {
          m.put(
              "subscriptions_list", c.subscriptions().stream().map(Subscription::subject).toList());
        }
      }
      page.add(m);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("server_id", server.serverId());
    r.put("now", Instant.now().toString());
    r.put("num_connections", page.size());
    r.put("total", all.size());
    r.put("offset", q.offset());
    r.put("limit", q.limit());
    r.put("connections", page);
    return r;
  }

  /** One account's connections, as {@code /connz?acc=}: {@code $SYS.REQ.ACCOUNT.PING.CONNZ}. */
  public Map<String, Object> connz(Account account) {
    return connz(new Query(0, Query.DEFAULT_LIMIT, false, false, account.name()));
  }

  /** One account's counters, as nats-server answers {@code $SYS.REQ.ACCOUNT.PING.STATZ}. */
  public Map<String, Object> accountStatz(Account a) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("acc", a.name());
    s.put("conns", a.connections());
    s.put("leafnodes", 0);
    s.put("total_conns", a.connections());
    s.put("sent", Map.of("msgs", a.traffic().outMsgs(), "bytes", a.traffic().outBytes()));
    s.put("received", Map.of("msgs", a.traffic().inMsgs(), "bytes", a.traffic().inBytes()));
    s.put("slow_consumers", a.slowConsumers());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("server_id", server.serverId());
    r.put("now", Instant.now().toString());
    r.put("account_statz", List.of(s));
    return r;
  }

  Map<String, Object> subsz(Query q) {
    // Summed over every account's index, as nats-server's /subsz does without ?acc.
    int subs = 0;
    int cache = 0;
    long inserts = 0;
    long removes = 0;
    long matches = 0;
    double hits = 0;
    for (Account a : server.accounts().all()) {
      Sublist.Stats st = a.sublist().stats();
      subs += st.subscriptions();
      cache += st.cacheEntries();
      inserts += st.inserts();
      removes += st.removes();
      matches += st.matches();
      hits += st.cacheHitRate() * st.matches();
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("server_id", server.serverId());
    r.put("now", Instant.now().toString());
    r.put("num_subscriptions", subs);
    r.put("num_cache", cache);
    r.put("num_inserts", inserts);
    r.put("num_removes", removes);
    r.put("num_matches", matches);
    r.put("cache_hit_rate", matches == 0 ? 0 : hits / matches);
    r.put("total", subs);
    r.put("offset", q.offset());
    r.put("limit", q.limit());
    if (q.subs()) {
      List<Map<String, Object>> list = new ArrayList<>();
      int[] index = {0};
      for (Account a : server.accounts().all()) {
        a.sublist()
            .forEach(
                sub -> {
                  if (index[0]++ >= q.offset() && list.size() < q.limit()) {
                    list.add(detail(sub));
                  }
                });
      }
      r.put("subscriptions_list", list);
    }
    return r;
  }

  /**
   * {@code /accountz}: the account names, or with {@code ?acc=} one account's detail and exact
   * counters.
   */
  Map<String, Object> accountz(Query q) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("server_id", server.serverId());
    r.put("now", Instant.now().toString());
    r.put("system_account", server.systemAccount());
    if (q.account() == null) {
      r.put("accounts", server.accounts().all().stream().map(Account::name).sorted().toList());
      return r;
    }
    Account a = server.accounts().get(q.account());
    if (a == null || !a.name().equals(q.account())) {
      throw new IllegalArgumentException("no account " + q.account());
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("account_name", a.name());
    d.put("is_system", a.name().equals(server.systemAccount()));
    d.put("expired", a.claims() != null && a.claims().isExpired(Instant.now().getEpochSecond()));
    if (a.claims() != null) {
      d.put("name_tag", a.claims().name);
    }
    d.put("jetstream_enabled", server.jetStreamEnabled(a));
    d.put("client_connections", a.connections());
    d.put("subscriptions", a.sublist().count());
    d.put("in_msgs", a.traffic().inMsgs());
    d.put("in_bytes", a.traffic().inBytes());
    d.put("out_msgs", a.traffic().outMsgs());
    d.put("out_bytes", a.traffic().outBytes());
    r.put("account_detail", d);
    return r;
  }

  private static Map<String, Object> detail(Subscription s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account", s.owner().account().name());
    m.put("subject", s.subject());
    if (s.queue() != null) {
      m.put("qgroup", s.queue());
    }
    m.put("sid", s.sid());
    m.put("msgs", s.delivered());
    if (s.max() > 0) {
      m.put("max", s.max());
    }
    m.put("cid", s.owner().id());
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  /**
   * Go's {@code time.Duration} style for uptime and idle: {@code 1h2m3s}, {@code 4m5s}, {@code 6s},
   * {@code 7ms}.
   */
  static String goDuration(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    if (s >= 86400) {
      b.append(s / 86400).append('d');
    }
    if (s >= 3600) {
      b.append(s % 86400 / 3600).append('h');
    }
    if (s >= 60) {
      b.append(s % 3600 / 60).append('m');
    }
    return b.append(s % 60).append('s').toString();
  }
}
