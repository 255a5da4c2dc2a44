package io.tributary.dataplane.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node is configured with. Port {@code -1} means a random free port (the NATS
 * convention), and an HTTP port of 0 turns monitoring off. Defaults are nats-server's; see the
 * {@code DEFAULT_*} constants.
 *
 * @param host interface to listen on
 * @param port client port
 * @param httpPort monitoring port (0: off)
 * @param storeDir where persistent state goes (JetStream, later)
 * @param serverName name in INFO and monitoring; defaults to the server id
 * @param maxPayload largest message payload (headers included) a client may publish
 * @param maxControlLine longest protocol line a client may send
 * @param maxConnections client connections the node accepts
 * @param maxSubscriptions subscriptions per connection (0: unlimited)
 * @param maxPending outbound bytes queued for one connection before it is cut off as a slow
 *     consumer
 * @param pingInterval how often the server pings an idle client
 * @param maxPingsOut unanswered pings before the connection is stale
 * @param writeDeadline how long a write to a client may stall before it is a slow consumer
 * @param authTimeout time a client has to send CONNECT when authentication is required
 * @param authToken token clients must send in CONNECT ({@code auth_token}), or null
 * @param user user name clients must send, or null
 * @param password password for {@link #user}
 * @param eventLoops event loop threads (0: two per core)
 * @param tls TLS for client connections, or null for plain TCP
 * @param operator operator mode (JWT accounts), or null
 */
public record ServerOptions(
    String host,
    int port,
    int httpPort,
    Path storeDir,
    String serverName,
    int maxPayload,
    int maxControlLine,
    int maxConnections,
    int maxSubscriptions,
    long maxPending,
    Duration pingInterval,
    int maxPingsOut,
    Duration writeDeadline,
    Duration authTimeout,
    String authToken,
    String user,
    String password,
    int eventLoops,
    TlsOptions tls,
    OperatorOptions operator) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 4222;
  public static final int DEFAULT_HTTP_PORT = 8222;
  public static final int RANDOM_PORT = -1;
  public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
  public static final int MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;
  public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
  public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
  public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_PINGS_OUT = 2;
  public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);

  public ServerOptions {
    Objects.requireNonNull(host, "host");
    requireRange("port", port, -1, 65535);
    requireRange("http_port", httpPort, -1, 65535);
    requireRange("max_payload", maxPayload, 1, MAX_PAYLOAD_LIMIT);
    requireRange("max_control_line", maxControlLine, 128, 1024 * 1024);
    requireRange("max_connections", maxConnections, 1, Integer.MAX_VALUE);
    requireRange("max_subscriptions", maxSubscriptions, 0, Integer.MAX_VALUE);
    requireRange("max_pings_out", maxPingsOut, 1, 1000);
    requireRange("event_loops", eventLoops, 0, 1024);
    if (maxPending < maxPayload) {
      throw new IllegalArgumentException(
          "max_pending must be at least max_payload (" + maxPayload + ")");
    }
    requirePositive("ping_interval", pingInterval);
    requirePositive("write_deadline", writeDeadline);
    requirePositive("auth_timeout", authTimeout);
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("user and password go together");
    }
    if (operator != null && (authToken != null || user != null)) {
      throw new IllegalArgumentException(
          "operator mode authenticates with JWTs; drop the token or user and password");
    }
    if (authToken != null && user != null) {
      throw new IllegalArgumentException("use either a token or a user and password, not both");
    }
  }

  /**
   * TLS for client connections: PEM certificate chain and private key, and optionally a CA bundle
   * to verify client certificates against ({@code verifyClients} requires one).
   */
  public record TlsOptions(Path certFile, Path keyFile, Path caFile, boolean verifyClients) {
    public TlsOptions {
      Objects.requireNonNull(certFile, "tls cert");
      Objects.requireNonNull(keyFile, "tls key");
      if (verifyClients && caFile == null) {
        throw new IllegalArgumentException(
            "tls verify needs a CA file (tls-ca) to check client certificates against");
      }
    }
  }

  /**
   * Operator mode: the trusted operator JWTs (their text), the system account, the full resolver's
   * directory, and an optional directory of account JWTs ({@code *.jwt}) to preload.
   */
  public record OperatorOptions(
      List<String> operatorJwts, String systemAccount, Path resolverDir, Path preloadDir) {
    public OperatorOptions {
      if (operatorJwts == null || operatorJwts.isEmpty()) {
        throw new IllegalArgumentException("operator mode needs at least one operator JWT");
      }
      Objects.requireNonNull(resolverDir, "operator mode needs a resolver dir");
      operatorJwts = List.copyOf(operatorJwts);
    }
  }

  /** True if clients must authenticate. */
  public boolean authRequired() {
    return authToken != null || user != null || operator != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void requireRange(String name, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + v);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Builds options, starting from nats-server's defaults. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int httpPort = DEFAULT_HTTP_PORT;
    private Path storeDir;
    private String serverName;
    private int maxPayload = DEFAULT_MAX_PAYLOAD;
    private int maxControlLine = DEFAULT_MAX_CONTROL_LINE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxSubscriptions;
    private long maxPending = DEFAULT_MAX_PENDING;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private int maxPingsOut = DEFAULT_MAX_PINGS_OUT;
    private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
    private Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
    private String authToken;
    private String user;
    private String password;
    private int eventLoops;
    private TlsOptions tls;
    private OperatorOptions operator;

    Builder() {}

    Builder(ServerOptions o) {
      host = o.host;
      port = o.port;
      httpPort = o.httpPort;
      storeDir = o.storeDir;
      serverName = o.serverName;
      maxPayload = o.maxPayload;
      maxControlLine = o.maxControlLine;
      maxConnections = o.maxConnections;
      maxSubscriptions = o.maxSubscriptions;
      maxPending = o.maxPending;
      pingInterval = o.pingInterval;
      maxPingsOut = o.maxPingsOut;
      writeDeadline = o.writeDeadline;
      authTimeout = o.authTimeout;
      authToken = o.authToken;
      user = o.user;
      password = o.password;
      eventLoops = o.eventLoops;
      tls = o.tls;
      operator = o.operator;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    public Builder storeDir(Path v) {
      storeDir = v;
      return this;
    }

    public Builder serverName(String v) {
      serverName = v;
      return this;
    }

    public Builder maxPayload(int v) {
      maxPayload = v;
      return this;
    }

    public Builder maxControlLine(int v) {
      maxControlLine = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder maxSubscriptions(int v) {
      maxSubscriptions = v;
      return this;
    }

    public Builder maxPending(long v) {
      maxPending = v;
      return this;
    }

    public Builder pingInterval(Duration v) {
      pingInterval = v;
      return this;
    }

    public Builder maxPingsOut(int v) {
      maxPingsOut = v;
      return this;
    }

    public Builder writeDeadline(Duration v) {
      writeDeadline = v;
      return this;
    }

    public Builder authTimeout(Duration v) {
      authTimeout = v;
      return this;
    }

    public Builder authToken(String v) {
      authToken = v;
      return this;
    }

    public Builder userPassword(String u, String p) {
      user = u;
      password = p;
      return this;
    }

    public Builder eventLoops(int v) {
      eventLoops = v;
      return this;
    }

    public Builder tls(TlsOptions v) {
      tls = v;
      return this;
    }

    public Builder operator(OperatorOptions v) {
      operator = v;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(
          host,
          port,
          httpPort,
          storeDir,
          serverName,
          maxPayload,
          maxControlLine,
          maxConnections,
          maxSubscriptions,
          maxPending,
          pingInterval,
          maxPingsOut,
          writeDeadline,
          authTimeout,
          authToken,
          user,
          password,
          eventLoops,
          tls,
          operator);
    }
  }
}
