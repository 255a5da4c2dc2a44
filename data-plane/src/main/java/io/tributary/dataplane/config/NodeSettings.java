package io.tributary.dataplane.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a node, each declared once: the flags of {@code tributary node}, the keys of its
 * YAML config and the defaults all come from this table (defaults are nats-server's). Adding a
 * setting is one constant here plus its row in docs/operations.md; tests check that every setting
 * round-trips through flags and YAML and is documented.
 */
public final class NodeSettings {
  // Filled by add() as the constants below initialise, in declaration order; first, so it exists.
  private static final List<Setting<?>> DECLARED = new ArrayList<>();

  /** Port {@code -1} asks for a random free port (the NATS convention). */
  public static final int RANDOM_PORT = -1;

  /** The largest {@link #MAX_PAYLOAD} a node accepts. */
  public static final int MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;

  public static final Setting<String> HOST =
      add(
          Setting.text("host", "ADDR", "0.0.0.0", "interface to listen on")
              .alias("-a", "--addr", "--net"));
  public static final Setting<Integer> PORT =
      add(Setting.integer("port", 4222, -1, 65535, "client port; -1 picks a free one").alias("-p"));
  public static final Setting<Integer> HTTP_PORT =
      add(
          Setting.integer(
                  "http-port",
                  8222,
                  -1,
                  65535,
                  "monitoring port; 0 turns monitoring off, -1 picks one")
              .alias("-m", "--http_port"));
  public static final Setting<Boolean> JETSTREAM =
      add(Setting.flag("jetstream", "turn JetStream (persistent streams) on").alias("-js"));
  public static final Setting<Path> STORE_DIR =
      add(
          Setting.path(
                  "store-dir",
                  "DIR",
                  "directory for persistent state (JetStream: default <tmp>/tributary)")
              .alias("-sd", "--store_dir"));
  public static final Setting<Long> MAX_MEMORY_STORE =
      add(
          Setting.bytes(
              "max-memory-store",
              0L,
              0,
              Long.MAX_VALUE,
              "bytes all memory streams together may hold; 0: no limit"));
  public static final Setting<Long> MAX_FILE_STORE =
      add(
          Setting.bytes(
              "max-file-store",
              0L,
              0,
              Long.MAX_VALUE,
              "bytes all file streams together may hold; 0: no limit"));
  public static final Setting<String> SYNC =
      add(
          Setting.text(
              "sync",
              "always|none|DURATION",
              "always",
              "when stream files are fsynced: always (before every ack), at an interval such as 1s"
                  + " (acks before the sync), or none; a stream's own sync setting wins"));
  public static final Setting<String> STORE_ENCRYPTION =
      add(
          Setting.text(
              "store-encryption",
              "aes|none",
              "aes",
              "stream data at rest: aes (AES-256-GCM under a key per account) or none"));
  public static final Setting<Path> STORE_KEY_FILE =
      add(
          Setting.path(
              "store-key-file",
              "FILE",
              "master key wrapping the accounts' data keys, base64 of 32 bytes, created if missing"
                  + " (default <store-dir>/master.key; TRIBUTARY_STORE_KEY wins)"));
  public static final Setting<String> SERVER_NAME =
      add(
          Setting.text(
                  "server-name",
                  "NAME",
                  null,
                  "name shown to clients and in monitoring (the server id)")
              .alias("-n", "--name", "--server_name"));
  public static final Setting<Integer> MAX_PAYLOAD =
      add(
          Setting.intBytes(
              "max-payload",
              1024 * 1024,
              1,
              MAX_PAYLOAD_LIMIT,
              "largest message a client may publish, headers included, e.g. 1MB (at most 64MB)"));
  public static final Setting<Integer> MAX_CONTROL_LINE =
      add(
          Setting.intBytes(
              "max-control-line",
              4096,
              128,
              1024 * 1024,
              "longest protocol line a client may send"));
  public static final Setting<Integer> MAX_CONNECTIONS =
      add(
          Setting.integer(
              "max-connections", 64 * 1024, 1, Integer.MAX_VALUE, "client connections accepted"));
  public static final Setting<Integer> MAX_SUBSCRIPTIONS =
      add(
          Setting.integer(
              "max-subscriptions",
              0,
              0,
              Integer.MAX_VALUE,
              "subscriptions per connection; 0: no limit"));
  public static final Setting<Long> MAX_PENDING =
      add(
          Setting.bytes(
              "max-pending",
              64L * 1024 * 1024,
              1,
              Long.MAX_VALUE,
              "bytes queued for one client before it is cut off as a slow consumer"));
  public static final Setting<Long> HEAP_BUDGET =
      add(
          Setting.bytes(
              "heap-budget",
              0L,
              0,
              Long.MAX_VALUE,
              "heap bytes all accounts' subscriptions may take together; 0: half the heap"));
  public static final Setting<Long> DIRECT_BUDGET =
      add(
          Setting.bytes(
              "direct-budget",
              0L,
              0,
              Long.MAX_VALUE,
              "bytes queued for all clients together (direct memory); 0: three quarters of the"
                  + " JVM's direct memory"));
  public static final Setting<Integer> ACCOUNT_MEMORY_SHARE =
      add(
          Setting.integer(
              "account-memory-share",
              25,
              1,
              100,
              "percent of the heap and direct budgets one account may take; past it the account's"
                  + " new subscriptions are refused and its clients that fall behind are cut off"));
  public static final Setting<Duration> PING_INTERVAL =
      add(
          Setting.duration(
              "ping-interval", Duration.ofMinutes(2), "how often the server pings a client"));
  public static final Setting<Integer> MAX_PINGS_OUT =
      add(
          Setting.integer(
              "max-pings-out", 2, 1, 1000, "unanswered pings before a connection is stale"));
  public static final Setting<Duration> WRITE_DEADLINE =
      add(
          Setting.duration(
              "write-deadline",
              Duration.ofSeconds(10),
              "how long a write to a client may stall before it is a slow consumer"));
  public static final Setting<Duration> AUTH_TIMEOUT =
      add(
          Setting.duration(
              "auth-timeout", Duration.ofSeconds(2), "time a client has to authenticate"));
  public static final Setting<String> AUTH_TOKEN =
      add(Setting.text("auth-token", "TOKEN", null, "token clients must send").alias("--auth"));
  public static final Setting<String> USER =
      add(Setting.text("user", "NAME", null, "user name clients must send (with password)"));
  public static final Setting<String> PASSWORD =
      add(Setting.text("password", "SECRET", null, "password for user").alias("--pass"));
  public static final Setting<List<ConfiguredUser>> USERS =
      add(
          Setting.users(
              "users",
              "users with passwords and permissions, as JSON [{\"user\",\"password\","
                  + "\"permissions\":{\"pub\":{\"allow\":[…],\"deny\":[…]},\"sub\":…,\"resp\":…}}];"
                  + " nats-server's authorization { users } block gives it"));
  public static final Setting<Map<String, ConfiguredAccount>> ACCOUNTS =
      add(
          Setting.accounts(
              "accounts",
              "accounts without operator mode, as JSON {\"NAME\":{\"users\":[…],\"exports\":[…],"
                  + "\"imports\":[…]}} (exports and imports in the account JWT's shape);"
                  + " nats-server's accounts { } block gives it"));
  public static final Setting<Integer> EVENT_LOOPS =
      add(Setting.integer("event-loops", 0, 0, 1024, "event loop threads; 0: two per core"));
  public static final Setting<Path> TLS_CERT =
      add(
          Setting.path("tls-cert", "PEM", "TLS certificate chain; with tls-key turns TLS on")
              .alias("--tlscert"));
  public static final Setting<Path> TLS_KEY =
      add(Setting.path("tls-key", "PEM", "TLS private key").alias("--tlskey"));
  public static final Setting<Path> TLS_CA =
      add(
          Setting.path("tls-ca", "PEM", "CA bundle to check client certificates against")
              .alias("--tlscacert"));
  public static final Setting<Boolean> TLS_VERIFY =
      add(
          Setting.flag("tls-verify", "require client certificates (needs tls-ca)")
              .alias("--tlsverify"));
  public static final Setting<Path> PID_FILE =
      add(
          Setting.path(
                  "pid-file", "FILE", "file to write the node's process id to, removed at stop")
              .alias("-P", "--pid"));
  public static final Setting<Path> LOG_FILE =
      add(
          Setting.path("log-file", "FILE", "file to append the node's log to instead of stderr")
              .alias("-l", "--log"));
  public static final Setting<Boolean> DEBUG =
      add(
          Setting.flag(
                  "debug", "accepted as nats-server's -D; the node has no debug output to add yet")
              .alias("-D"));
  public static final Setting<Boolean> TRACE =
      add(
          Setting.flag(
                  "trace",
                  "accepted as nats-server's -V (and -DV); the node has no protocol trace yet")
              .alias("-V"));
  public static final Setting<String> CLUSTER =
      add(
          Setting.text(
                  "cluster",
                  "URL",
                  null,
                  "listen for routes from other nodes, e.g. nats-route://0.0.0.0:6222 (user:password@"
                      + " in it requires them of the routes)")
              .alias("--cluster"));
  public static final Setting<String> ROUTES =
      add(
          Setting.text(
                  "routes",
                  "URLS",
                  null,
                  "routes to solicit, comma-separated, e.g. nats-route://user:pw@host:6222")
              .alias("--routes"));
  public static final Setting<String> CLUSTER_NAME =
      add(
          Setting.text("cluster-name", "NAME", null, "the cluster's name (every node the same)")
              .alias("--cluster_name"));
  public static final Setting<String> CLUSTER_ADVERTISE =
      add(
          Setting.text(
                  "cluster-advertise",
                  "HOST:PORT",
                  null,
                  "route address told to the other nodes (default: the listen address)")
              .alias("--cluster_advertise"));
  public static final Setting<Boolean> NO_ADVERTISE =
      add(
          Setting.flag("no-advertise", "do not tell clients the other nodes' URLs")
              .alias("--no_advertise"));
  public static final Setting<Integer> CONNECT_RETRIES =
      add(
          Setting.integer(
                  "connect-retries",
                  0,
                  0,
                  Integer.MAX_VALUE,
                  "attempts to reach a route the other nodes told of before giving up; configured"
                      + " routes are retried for ever")
              .alias("--connect_retries"));
  public static final Setting<Path> CLUSTER_TLS_CERT =
      add(
          Setting.path(
              "cluster-tls-cert",
              "PEM",
              "certificate chain for routes; with cluster-tls-key every route is TLS (both ways)"));
  public static final Setting<Path> CLUSTER_TLS_KEY =
      add(Setting.path("cluster-tls-key", "PEM", "private key for routes"));
  public static final Setting<Path> CLUSTER_TLS_CA =
      add(
          Setting.path(
              "cluster-tls-ca",
              "PEM",
              "CA bundle the other nodes' certificates are checked against (default: the JVM's)"));
  public static final Setting<Boolean> CLUSTER_TLS_VERIFY =
      add(
          Setting.flag(
              "cluster-tls-verify",
              "require a certificate of every node that routes here (needs cluster-tls-ca)"));
  public static final Setting<Duration> LAME_DUCK_DURATION =
      add(
          Setting.duration(
              "lame-duck-duration",
              Duration.ofMinutes(2),
              "in lame-duck mode, how long closing the clients is spread over"));
  public static final Setting<Duration> LAME_DUCK_GRACE_PERIOD =
      add(
          Setting.duration(
              "lame-duck-grace-period",
              Duration.ofSeconds(10),
              "in lame-duck mode, how long to wait before closing the first client"));
  public static final Setting<List<String>> OPERATOR =
      add(Setting.jwtFiles("operator", "trusted operator JWT; repeat for several (operator mode)"));
  public static final Setting<String> SYSTEM_ACCOUNT =
      add(Setting.text("system-account", "PUBKEY", null, "the system account (A…)"));
  public static final Setting<Path> RESOLVER_DIR =
      add(Setting.path("resolver-dir", "DIR", "where account JWTs are kept (operator mode)"));
  public static final Setting<Path> RESOLVER_PRELOAD =
      add(Setting.path("resolver-preload", "DIR", "account JWTs (*.jwt) to load at start"));

  /** Every setting, in the order {@code --help} lists them. */
  public static final List<Setting<?>> ALL = List.copyOf(DECLARED);

  private NodeSettings() {}

  private static <T> Setting<T> add(Setting<T> s) {
    s.index(DECLARED.size());
    DECLARED.add(s);
    return s;
  }

  /**
   * The setting for a command-line flag with its dashes: ours ({@code --http-port}) or one of
   * nats-server's ({@code -m}, {@code --http_port}); null if none.
   */
  public static Setting<?> forFlag(String flag) {
    for (Setting<?> s : ALL) {
      if (flag.equals("--" + s.name()) || s.aliases().contains(flag)) {
        return s;
      }
    }
    return null;
  }

  /** The setting for a flag or YAML key ({@code http-port} or {@code http_port}), or null. */
  public static Setting<?> named(String name) {
    String kebab = name.replace('_', '-').toLowerCase(Locale.ROOT);
    for (Setting<?> s : ALL) {
      if (s.name().equals(kebab)) {
        return s;
      }
    }
    return null;
  }
}
