package io.tributary.dataplane.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.auth.validation.Cidr;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.UserAuthenticator;
import io.tributary.auth.validation.Verdict;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.AuthOutcome;
import io.tributary.dataplane.client.ClientConnection;
import io.tributary.dataplane.client.ClientContext;
import io.tributary.dataplane.monitor.MonitorServer;
import io.tributary.dataplane.monitor.Monitoring;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.InfoJson;
import io.tributary.dataplane.protocol.ProtocolError;
import io.tributary.dataplane.system.ServerIdentity;
import io.tributary.dataplane.system.SystemServices;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * A data-plane node: accepts NATS clients on one listener per event loop (Vert.x shares the port),
 * routes their messages, and serves monitoring over HTTP. {@link #start} returns once the node
 * accepts connections; {@link #close} stops accepting, flushes what is queued for clients, closes
 * them and stops the event loops.
 */
public final class Server implements ClientContext, AutoCloseable {
  /** The NATS server version advertised in INFO; clients gate features on it. */
  public static final String NATS_VERSION = "2.10.0";

  private final ServerOptions options;
  private final String serverId = NKey.generate(NKeyType.SERVER).publicKey();
  private final String serverName;
  private final Instant started = Instant.now();
  private final ServerStats stats = new ServerStats();
  private static final SecureRandom NONCES = new SecureRandom();
  private final AccountRegistry accounts;
  private final UserAuthenticator authenticator;
  private SystemServices system;
  private final Map<Long, ClientConnection> clients = new ConcurrentHashMap<>();
  private final AtomicLong nextClientId = new AtomicLong();
  private final Vertx vertx;
  private final List<NetServer> listeners = new ArrayList<>();
  private InfoJson info;
  private ClientTls tls;
  private int port;
  private MonitorServer monitor;
  private long housekeepingTimer = -1;
  private volatile boolean closing;

  private Server(ServerOptions options) {
    this.options = options;
    this.serverName = options.serverName() != null ? options.serverName() : serverId;
    int loops =
        options.eventLoops() > 0
            ? options.eventLoops()
            : 2 * Runtime.getRuntime().availableProcessors();
    ServerOptions.OperatorOptions op = options.operator();
    if (op == null) {
      this.accounts = AccountRegistry.global();
      this.authenticator = null;
    } else {
      TrustedOperators trust =
          TrustedOperators.fromJwts(op.operatorJwts(), Instant.now().getEpochSecond());
      String system = trust.systemAccount();
      if (op.systemAccount() != null && system != null && !op.systemAccount().equals(system)) {
        throw new IllegalArgumentException(
            "system account " + op.systemAccount() + " differs from the operator's " + system);
      }
      this.accounts = AccountRegistry.operatorMode(trust, op.resolverDir(), op.preloadDir());
      this.authenticator = new UserAuthenticator(trust);
      accounts.listener(this::accountChanged);
    }
    this.vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(false));
  }

  /** Starts a node and waits until it accepts connections. */
  public static Server start(ServerOptions options) {
    Server server = new Server(options);
    try {
      server.listen();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void listen() {
    int loops =
        options.eventLoops() > 0
            ? options.eventLoops()
            : 2 * Runtime.getRuntime().availableProcessors();
    // Vert.x shares a port between listeners that ask for the same port number, so a random port is
    // chosen first.
    port = options.port() == ServerOptions.RANDOM_PORT ? freePort(options.host()) : options.port();
    for (int i = 0; i < loops; i++) {
      NetServer net =
          vertx.createNetServer(
              new NetServerOptions()
                  .setHost(options.host())
                  .setPort(port)
                  .setTcpNoDelay(true)
                  .setReuseAddress(true));
      net.connectHandler(this::accept);
      awaitResult(net.listen(), "listen on " + options.host() + ":" + port);
      listeners.add(net);
    }
    if (options.tls() != null) {
      tls = ClientTls.create(options.tls());
    }
    info =
        new InfoJson(
            serverId,
            serverName,
            NATS_VERSION,
            options.host(),
            port,
            options.maxPayload(),
            authRequired(),
            options.tls() != null,
            options.tls() != null && options.tls().verifyClients());
    startResolver();
    long period = housekeepingPeriod().toMillis();
    housekeepingTimer = vertx.setPeriodic(period, t -> housekeep());
    if (options.httpPort() != 0) {
      monitor = MonitorServer.start(vertx, this);
    }
    NodeLog.info(
        "node "
            + serverName
            + " listening for clients on "
            + options.host()
            + ":"
            + port
            + (monitor == null ? "" : ", monitoring on port " + monitor.port()));
  }

  private void accept(NetSocket socket) {
    NetSocketInternal internal = (NetSocketInternal) socket;
    ChannelHandlerContext ctx = internal.channelHandlerContext();
    if (closing) {
      socket.close();
      return;
    }
    long id = nextClientId.incrementAndGet();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    String ip = remote == null ? "" : remote.getAddress().getHostAddress();
    ClientConnection client =
        new ClientConnection(id, this, ctx, ip, remote == null ? 0 : remote.getPort());
    stats.accepted();
    if (tls != null) {
      tls.sendInfoThenStart(
          ctx,
          infoLine(id, ip, client.nonce(), options.maxPayload()).getBytes(StandardCharsets.UTF_8));
    } else {
      client.sendInfo();
    }
    if (clients.size() >= options.maxConnections()) {
      client.protocolError(ProtocolError.MAX_CONNECTIONS);
      return;
    }
    clients.put(id, client);
    internal.messageHandler(
        msg -> {
          if (msg instanceof ByteBuf buf) {
            try {
              client.read(buf);
            } finally {
              buf.release();
            }
          }
        });
    socket.closeHandler(v -> client.socketClosed());
  }

  private void startResolver() {
    if (!accounts.operatorMode()) {
      return;
    }
    String systemId =
        options.operator().systemAccount() != null
            ? options.operator().systemAccount()
            : accounts.trust().systemAccount();
    Account system = systemId == null ? null : accounts.get(systemId);
    if (system == null) {
      NodeLog.warn(
          "no system account JWT (" + systemId + "): the resolver's $SYS subjects are not served");
      return;
    }
    var ref = new ServerIdentity(serverName, options.host(), serverId, NATS_VERSION);
    Monitoring monitoring = new Monitoring(this);
    this.system = new SystemServices(system, accounts, ref, monitoring::statsz, monitoring::varz);
  }

  /**
   * Applies an account's new claims (or its deletion) to its live connections, on each connection's
   * event loop; if the connection limit went down, the most recent connections beyond it are
   * closed.
   */
  private void accountChanged(Account account, boolean deleted) {
    var claims = account.claims();
    boolean strict = accounts.trust().isStrict(claims.issuer);
    List<ClientConnection> members =
        clients.values().stream()
            .filter(c -> c.account() == account)
            .sorted(java.util.Comparator.comparingLong(ClientConnection::startNanos))
            .toList();
    long max = claims.nats.limits.conn;
    for (int i = 0; i < members.size(); i++) {
      ClientConnection c = members.get(i);
      boolean overLimit = !deleted && max >= 0 && i >= max;
      c.channelExecutor()
          .execute(
              () -> {
                if (overLimit) {
                  c.protocolError(ProtocolError.MAX_ACCOUNT_CONNECTIONS);
                } else {
                  c.accountChanged(claims, deleted, strict);
                }
              });
    }
    NodeLog.info(
        "account "
            + account.name()
            + (deleted ? " deleted" : " updated")
            + ", "
            + members.size()
            + " connections checked");
  }

  private void housekeep() {
    long now = System.nanoTime();
    accounts.sweepResponses(now);
    for (ClientConnection c : clients.values()) {
      c.channelExecutor().execute(() -> c.housekeep(now));
    }
  }

  private Duration housekeepingPeriod() {
    long min =
        Math.min(
            options.pingInterval().toMillis(),
            Math.min(options.authTimeout().toMillis(), options.writeDeadline().toMillis()));
    // At most 250 ms, so a JWT's expiry (whole seconds) closes its connection within a quarter of a
    // second.
    return Duration.ofMillis(Math.max(10, Math.min(250, min / 4)));
  }

  // ---- ClientContext ----

  @Override
  public ServerOptions options() {
    return options;
  }

  @Override
  public ServerStats stats() {
    return stats;
  }

  @Override
  public String infoLine(long clientId, String clientIp, String nonce, int maxPayload) {
    return info.line(clientId, clientIp, nonce, maxPayload);
  }

  @Override
  public boolean authRequired() {
    return options.authRequired();
  }

  @Override
  public String newNonce() {
    if (!accounts.operatorMode()) {
      return null;
    }
    byte[] raw = new byte[11]; // nats-server's nonce: 11 random bytes, 15 Base64URL characters
    NONCES.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  @Override
  public Account defaultAccount() {
    return accounts.globalAccount();
  }

  @Override
  public AuthOutcome authenticate(ClientConnection client, ConnectOptions c) {
    if (accounts.operatorMode()) {
      return authenticateJwt(client, c);
    }
    boolean ok = true;
    if (options.authToken() != null) {
      ok = constantTimeEquals(options.authToken(), c.authToken);
    } else if (options.user() != null) {
      ok =
          constantTimeEquals(options.user(), c.user)
              & constantTimeEquals(options.password(), c.pass);
    }
    return ok
        ? new AuthOutcome.Bound(accounts.globalAccount(), null, c.user, null)
        : new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, "bad credentials");
  }

  // Operator mode: auth/'s checks, in nats-server's order; every refusal is an Authorization
  // Violation.
  private AuthOutcome authenticateJwt(ClientConnection client, ConnectOptions c) {
    if (c.jwt == null || c.jwt.isEmpty()) {
      return new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, "no user JWT");
    }
    InetAddress address = null;
    byte[] literal = Cidr.parseLiteralAddress(client.remoteIp());
    if (literal != null) {
      try {
        address = InetAddress.getByAddress(literal);
      } catch (java.net.UnknownHostException e) {
        address = null;
      }
    }
    ConnectAttempt attempt =
        new ConnectAttempt(
            c.jwt,
            c.sig,
            client.nonce().getBytes(StandardCharsets.UTF_8),
            address,
            "STANDARD",
            Instant.now());
    Verdict<AuthorizedUser> v = authenticator.authenticate(attempt, accounts::claims);
    if (!v.isAccepted()) {
      return new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, v.toString());
    }
    AuthorizedUser u = v.value();
    return new AuthOutcome.Bound(accounts.get(u.accountId()), u.permissions(), u.userKey(), u);
  }

  @Override
  public void log(String message) {
    NodeLog.info(message);
  }

  @Override
  public void closed(ClientConnection client) {
    clients.remove(client.id());
    if (system != null && client.account() != null && client.user() != null) {
      system.events().disconnected(client);
    }
  }

  @Override
  public void authenticated(ClientConnection client) {
    if (system != null && client.account() != null) {
      system.events().connected(client);
    }
  }

  // ---- monitoring ----

  public String serverId() {
    return serverId;
  }

  public String serverName() {
    return serverName;
  }

  public Instant started() {
    return started;
  }

  public int port() {
    return port;
  }

  /** The monitoring port, or 0 if monitoring is off. */
  public int httpPort() {
    return monitor == null ? 0 : monitor.port();
  }

  public Collection<ClientConnection> clients() {
    return clients.values();
  }

  /** The system account's id in operator mode, or null. */
  public String systemAccount() {
    if (!accounts.operatorMode()) {
      return null;
    }
    String configured = options.operator().systemAccount();
    return configured != null ? configured : accounts.trust().systemAccount();
  }

  public AccountRegistry accounts() {
    return accounts;
  }

  // ---- lifecycle ----

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    NodeLog.info(
        "node " + serverName + " shutting down: closing " + clients.size() + " connections");
    if (housekeepingTimer >= 0) {
      vertx.cancelTimer(housekeepingTimer);
    }
    if (system != null) {
      system.close();
    }
    for (NetServer net : listeners) {
      awaitQuietly(net.close());
    }
    for (ClientConnection c : clients.values()) {
      c.channelExecutor().execute(() -> c.close(null));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!clients.isEmpty() && System.nanoTime() < deadline) {
      sleep(10);
    }
    if (monitor != null) {
      monitor.close();
    }
    awaitQuietly(vertx.close());
    NodeLog.info("node " + serverName + " stopped");
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot find a free port on " + host + ": " + e.getMessage(), e);
    }
  }

  private static boolean constantTimeEquals(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T awaitResult(io.vertx.core.Future<T> f, String what) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
    }
  }

  private static void awaitQuietly(io.vertx.core.Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // shutting down: nothing left to do about it
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
