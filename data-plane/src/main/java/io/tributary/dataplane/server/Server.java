package io.tributary.dataplane.server;

import static io.tributary.dataplane.config.NodeSettings.ACCOUNTS;
import static io.tributary.dataplane.config.NodeSettings.ACCOUNT_MEMORY_SHARE;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TOKEN;
import static io.tributary.dataplane.config.NodeSettings.CLUSTER;
import static io.tributary.dataplane.config.NodeSettings.CLUSTER_ADVERTISE;
import static io.tributary.dataplane.config.NodeSettings.CLUSTER_NAME;
import static io.tributary.dataplane.config.NodeSettings.CONNECT_RETRIES;
import static io.tributary.dataplane.config.NodeSettings.DEBUG;
import static io.tributary.dataplane.config.NodeSettings.DIRECT_BUDGET;
import static io.tributary.dataplane.config.NodeSettings.EVENT_LOOPS;
import static io.tributary.dataplane.config.NodeSettings.HEAP_BUDGET;
import static io.tributary.dataplane.config.NodeSettings.HOST;
import static io.tributary.dataplane.config.NodeSettings.HTTP_PORT;
import static io.tributary.dataplane.config.NodeSettings.JETSTREAM;
import static io.tributary.dataplane.config.NodeSettings.LAME_DUCK_DURATION;
import static io.tributary.dataplane.config.NodeSettings.LAME_DUCK_GRACE_PERIOD;
import static io.tributary.dataplane.config.NodeSettings.LOG_FILE;
import static io.tributary.dataplane.config.NodeSettings.MAX_CONNECTIONS;
import static io.tributary.dataplane.config.NodeSettings.MAX_FILE_STORE;
import static io.tributary.dataplane.config.NodeSettings.MAX_MEMORY_STORE;
import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.MAX_PENDING;
import static io.tributary.dataplane.config.NodeSettings.MAX_PINGS_OUT;
import static io.tributary.dataplane.config.NodeSettings.MAX_SUBSCRIPTIONS;
import static io.tributary.dataplane.config.NodeSettings.NO_ADVERTISE;
import static io.tributary.dataplane.config.NodeSettings.PASSWORD;
import static io.tributary.dataplane.config.NodeSettings.PID_FILE;
import static io.tributary.dataplane.config.NodeSettings.PING_INTERVAL;
import static io.tributary.dataplane.config.NodeSettings.PORT;
import static io.tributary.dataplane.config.NodeSettings.ROUTES;
import static io.tributary.dataplane.config.NodeSettings.SERVER_NAME;
import static io.tributary.dataplane.config.NodeSettings.STORE_DIR;
import static io.tributary.dataplane.config.NodeSettings.STORE_ENCRYPTION;
import static io.tributary.dataplane.config.NodeSettings.STORE_KEY_FILE;
import static io.tributary.dataplane.config.NodeSettings.SYNC;
import static io.tributary.dataplane.config.NodeSettings.TRACE;
import static io.tributary.dataplane.config.NodeSettings.USER;
import static io.tributary.dataplane.config.NodeSettings.USERS;
import static io.tributary.dataplane.config.NodeSettings.WRITE_DEADLINE;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.tributary.auth.AuthException;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.AuthOutcome;
import io.tributary.dataplane.client.ClientConnection;
import io.tributary.dataplane.client.ClientContext;
import io.tributary.dataplane.client.ClientSnapshot;
import io.tributary.dataplane.cluster.Cluster;
import io.tributary.dataplane.cluster.RouteUrl;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.config.Setting;
import io.tributary.dataplane.jetstream.JetStream;
import io.tributary.dataplane.keyring.MasterKey;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.memory.HeapWatch;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.monitor.MonitorServer;
import io.tributary.dataplane.monitor.MonitoredNode;
import io.tributary.dataplane.monitor.Monitoring;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.InfoJson;
import io.tributary.dataplane.protocol.ProtocolError;
import io.tributary.dataplane.stats.ServerStats;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.SyncPolicy;
import io.tributary.dataplane.system.ServerIdentity;
import io.tributary.dataplane.system.SystemServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * A data-plane node's lifecycle: accepts NATS clients ({@link ClientListener}), runs housekeeping,
 * and serves monitoring over HTTP. Authentication is the {@link ClientAuthenticator}'s, applying
 * account changes to connections {@link AccountUpdates}'s, and node-internal services join accounts
 * through {@link #accounts()}. {@link #start} returns once the node accepts connections; {@link
 * #close} stops accepting, flushes what is queued for clients, closes them and stops the event
 * loops.
 */
public final class Server implements ClientContext, MonitoredNode, AutoCloseable {
  /** The NATS server version advertised in INFO; clients gate features on it. */
  public static final String NATS_VERSION = "2.10.0";

  private volatile ServerOptions options; // replaced by a reload, for what may change live
  private final String serverId = newServerId();
  private final String serverName;
  private final Instant started = Instant.now();
  private final ServerStats stats = new ServerStats();
  private final MemoryBudget memory;
  private final AccountRegistry accounts;
  private final ClientAuthenticator authenticator;
  private final ClientTable clients;
  private final AtomicLong nextClientId = new AtomicLong();
  private final int eventLoops;
  private final Vertx vertx;
  private ClientListener listener;
  private SystemServices system;
  private JetStream jetstream;
  private Cluster cluster;
  private InfoJson info;
  private ClientTls tls;
  private int port;
  private MonitorServer monitor;
  private long housekeepingTimer = -1;
  private volatile boolean closing;

  private Server(ServerOptions options) {
    this.options = options;
    this.serverName = options.get(SERVER_NAME) != null ? options.get(SERVER_NAME) : serverId;
    this.eventLoops =
        options.get(EVENT_LOOPS) > 0
            ? options.get(EVENT_LOOPS)
            : 2 * Runtime.getRuntime().availableProcessors();
    HeapWatch.get(); // watches collections from the start, for /healthz
    this.memory =
        MemoryBudget.forThisJvm(
            options.get(HEAP_BUDGET),
            options.get(DIRECT_BUDGET),
            options.get(ACCOUNT_MEMORY_SHARE));
    this.accounts = registry(options, memory);
    this.authenticator = new ClientAuthenticator(this::options, accounts);
    this.clients = new ClientTable(options.get(MAX_CONNECTIONS));
    if (accounts.operatorMode()) {
      accounts.addListener(new AccountUpdates(accounts, clients));
    }
    this.vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(false));
  }

  // The node's identity, an Ed25519 key made by the JDK: NKey.generate would first build Bouncy
  // Castle's tables (~200 ms of CPU, done once the node listens, for clients' signatures).
  private static String newServerId() {
    try {
      byte[] x509 =
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
      return NKey.ofRawPublicKey(
              NKeyType.SERVER, Arrays.copyOfRange(x509, x509.length - 32, x509.length))
          .publicKey();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
    }
  }

  private static AccountRegistry registry(ServerOptions options, MemoryBudget memory) {
    ServerOptions.OperatorOptions op = options.operator();
    if (op == null && options.get(ACCOUNTS) != null) {
      return AccountRegistry.configured(configuredAccounts(options), memory);
    }
    if (op == null) {
      return AccountRegistry.global(memory);
    }
    TrustedOperators trust =
        TrustedOperators.fromJwts(op.operatorJwts(), Instant.now().getEpochSecond());
    String system = trust.systemAccount();
    if (op.systemAccount() != null && system != null && !op.systemAccount().equals(system)) {
      throw new IllegalArgumentException(
          "system account " + op.systemAccount() + " differs from the operator's " + system);
    }
    return AccountRegistry.operatorMode(trust, op.resolverDir(), op.preloadDir(), memory);
  }

  /**
   * Checks what a node would check of these options as it starts, without starting one (the
   * operator's JWTs and the TLS files; {@code tributary node -t}). Throws IllegalArgumentException.
   */
  public static void check(ServerOptions options) {
    if (options.tls() != null) {
      ClientTls.create(options.tls());
    }
    if (options.clusterTls() != null) {
      ClientTls.create(options.clusterTls());
    }
    ServerOptions.OperatorOptions op = options.operator();
    if (op != null) {
      try {
        TrustedOperators.fromJwts(op.operatorJwts(), Instant.now().getEpochSecond());
      } catch (AuthException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  // The configured accounts (nats-server's accounts { }) as claims, with their exports and imports.
  private static List<AccountClaims> configuredAccounts(ServerOptions options) {
    List<AccountClaims> claims = new ArrayList<>();
    options.get(ACCOUNTS).forEach((name, a) -> claims.add(a.claims(name)));
    return claims;
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
    String host = options.get(HOST);
    // Everything a client meets is ready before the listener accepts: the INFO line, TLS, the
    // system services and JetStream (a client connecting the moment the port opens must get its
    // INFO, and $JS.API must not answer "no responders" for the first second). Connections made
    // meanwhile wait in the backlog.
    if (options.tls() != null) {
      tls = ClientTls.create(options.tls());
    }
    startSystemServices();
    startJetStream();
    try {
      listener = ClientListener.bind(vertx, host, Math.max(0, options.get(PORT)), this::accept);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + options.get(PORT) + ": " + e.getMessage(), e);
    }
    port = listener.port();
    info =
        new InfoJson(
            serverId,
            serverName,
            NATS_VERSION,
            host,
            port,
            options.get(MAX_PAYLOAD),
            options.authRequired(),
            options.tls() != null,
            options.tls() != null && options.tls().verifyClients(),
            options.get(JETSTREAM));
    startCluster(host);
    listener.resume();
    housekeepingTimer = vertx.setPeriodic(housekeepingPeriod().toMillis(), t -> housekeep());
    if (options.get(HTTP_PORT) != 0) {
      monitor = MonitorServer.start(vertx, this);
    }
    NodeLog.info(
        "node "
            + serverName
            + " listening for clients on "
            + host
            + ":"
            + port
            + (monitor == null ? "" : ", monitoring on port " + monitor.port()));
  }

  // A new connection's client, or null when the node closed it instead.
  private ClientConnection accept(ChannelHandlerContext ctx) {
    if (closing || lameDuck) {
      ctx.close();
      return null;
    }
    // One read per turn of the event loop for each client (Netty's default is 16): a client that
    // floods the node (a million SUB lines) then takes one buffer's worth of the loop at a time,
    // and the other clients of that loop keep their turns.
    if (ctx.channel().config().getRecvByteBufAllocator()
        instanceof MaxMessagesRecvByteBufAllocator alloc) {
      alloc.maxMessagesPerRead(1);
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
          infoLine(id, ip, client.nonce(), options.get(MAX_PAYLOAD))
              .getBytes(StandardCharsets.UTF_8));
    } else {
      client.sendInfo();
    }
    if (!clients.admit(client)) {
      client.protocolError(ProtocolError.MAX_CONNECTIONS);
    }
    return client;
  }

  private void startSystemServices() {
    String systemId = systemAccount();
    if (systemId == null) {
      return;
    }
    Account systemAccount = accounts.get(systemId);
    if (systemAccount == null) {
      NodeLog.warn(
          "no system account JWT (" + systemId + "): the resolver's $SYS subjects are not served");
      return;
    }
    var identity = new ServerIdentity(serverName, options.get(HOST), serverId, NATS_VERSION);
    Monitoring monitoring = new Monitoring(this);
    system =
        new SystemServices(
            systemAccount,
            accounts,
            identity,
            monitoring::statsz,
            monitoring::varz,
            monitoring::connz,
            monitoring::accountStatz);
  }

  // Routes to the other nodes, when the node is told to take or solicit them.
  private void startCluster(String host) {
    String listen = options.get(CLUSTER);
    String routes = options.get(ROUTES);
    if (listen == null && routes == null) {
      return;
    }
    List<String> clientUrls = clientUrls(host, port);
    cluster =
        new Cluster(
            vertx,
            new Cluster.Options(
                options.get(CLUSTER_NAME),
                listen == null ? null : RouteUrl.parse(listen),
                options.get(CLUSTER_ADVERTISE),
                RouteUrl.parseList(routes),
                options.get(NO_ADVERTISE),
                options.get(CONNECT_RETRIES),
                options.clusterTls()),
            new Cluster.Node(
                serverId,
                serverName,
                NATS_VERSION,
                options.get(MAX_PAYLOAD),
                Math.max(options.get(MAX_PENDING), 64L * 1024 * 1024),
                options.get(PING_INTERVAL),
                options.get(MAX_PINGS_OUT),
                clientUrls),
            accounts,
            urls -> {
              info.cluster(options.get(CLUSTER_NAME), urls);
              clients.all().forEach(c -> c.channelExecutor().execute(c::sendInfoUpdate));
            });
    info.cluster(options.get(CLUSTER_NAME), options.get(NO_ADVERTISE) ? List.of() : clientUrls);
    cluster.start();
  }

  // Where clients reach this node: the listen address, or every address of the machine when the
  // node listens on all of them (as nats-server advertises).
  private static List<String> clientUrls(String host, int port) {
    List<String> urls = new ArrayList<>();
    if (!host.equals("0.0.0.0") && !host.equals("::")) {
      urls.add(host + ":" + port);
      return urls;
    }
    try {
      for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (var a : java.util.Collections.list(nic.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            urls.add(a.getHostAddress() + ":" + port);
          }
        }
      }
    } catch (IOException e) {
      // none found: the loopback below
    }
    if (urls.isEmpty()) {
      urls.add("127.0.0.1:" + port);
    }
    return urls;
  }

  /** The node's part of a cluster, or null. */
  @Override
  public Cluster cluster() {
    return cluster;
  }

  private void startJetStream() {
    if (!options.get(JETSTREAM)) {
      return;
    }
    Path dir =
        options.get(STORE_DIR) != null
            ? options.get(STORE_DIR)
            : Path.of(System.getProperty("java.io.tmpdir"), "tributary");
    try {
      MasterKey master = null;
      if (options.get(STORE_ENCRYPTION).equals("aes")) {
        String env = System.getenv("TRIBUTARY_STORE_KEY");
        master =
            env != null && !env.isBlank()
                ? MasterKey.aes(env, "TRIBUTARY_STORE_KEY")
                : MasterKey.fromFile(
                    options.get(STORE_KEY_FILE) != null
                        ? options.get(STORE_KEY_FILE)
                        : dir.resolve("master.key"));
      }
      long maxMemory = options.get(MAX_MEMORY_STORE);
      long maxFile = options.get(MAX_FILE_STORE);
      jetstream =
          JetStream.start(
              new JetStream.Options(
                  dir,
                  maxMemory == 0 ? -1 : maxMemory,
                  maxFile == 0 ? -1 : maxFile,
                  master,
                  SyncPolicy.parse(options.get(SYNC)),
                  FileIo.NIO),
              accounts,
              serverName,
              systemAccount());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start JetStream in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** JetStream on this node, or null when it is off. */
  public JetStream jetstream() {
    return jetstream;
  }

  @Override
  public boolean jetStreamEnabled(Account account) {
    return jetstream != null && jetstream.enabled(account);
  }

  @Override
  public List<String> healthProblems() {
    List<String> problems = new ArrayList<>();
    if (lameDuck) {
      problems.add("lame duck mode: the node is closing its clients");
    }
    String heap = HeapWatch.get().problem();
    if (heap != null) {
      problems.add(heap);
    }
    if (jetstream != null) {
      problems.addAll(jetstream.problems());
    }
    return problems;
  }

  private void housekeep() {
    long now = System.nanoTime();
    accounts.sweepResponses(now);
    for (ClientConnection c : clients.all()) {
      c.channelExecutor().execute(() -> c.housekeep(now));
    }
  }

  private Duration housekeepingPeriod() {
    long min =
        Math.min(
            options.get(PING_INTERVAL).toMillis(),
            Math.min(options.get(AUTH_TIMEOUT).toMillis(), options.get(WRITE_DEADLINE).toMillis()));
    // At most 250 ms, so a JWT's expiry (whole seconds) closes its connection within a quarter of a
    // second.
    return Duration.ofMillis(Math.max(10, Math.min(250, min / 4)));
  }

  // ---- ClientContext ----

  @Override
  public ServerOptions options() {
    return options;
  }

  /**
   * What a configuration reload may change on a running node, as nats-server's reload does for
   * them: authentication (token, user and password, users), configured accounts (their users,
   * exports and imports), timeouts, pings, slow-consumer limits, subscription limits and logging
   * flags. They apply to connections made from then on and to housekeeping; open connections are
   * checked again when authentication changed.
   */
  private static final Set<Setting<?>> RELOADABLE =
      Set.of(
          ACCOUNTS,
          USERS,
          AUTH_TOKEN,
          USER,
          PASSWORD,
          AUTH_TIMEOUT,
          PING_INTERVAL,
          MAX_PINGS_OUT,
          WRITE_DEADLINE,
          MAX_PENDING,
          MAX_SUBSCRIPTIONS,
          DEBUG,
          TRACE,
          LOG_FILE,
          PID_FILE);

  /**
   * Applies re-read options: all of them if every setting that changed may change live (and
   * authentication stays on or off), else none. Returns what changed, or throws naming what needs a
   * restart.
   */
  public synchronized List<String> reload(ServerOptions next) {
    List<String> changed = new ArrayList<>();
    List<String> needRestart = new ArrayList<>();
    for (Setting<?> s : NodeSettings.ALL) {
      if (!Objects.equals(options.get(s), next.get(s))) {
        (RELOADABLE.contains(s) ? changed : needRestart).add(s.name());
      }
    }
    if (options.authRequired() != next.authRequired()) {
      needRestart.add("authentication on or off");
    }
    if ((options.get(ACCOUNTS) == null) != (next.get(ACCOUNTS) == null)) {
      needRestart.add("accounts on or off");
    }
    if (!needRestart.isEmpty()) {
      throw new IllegalArgumentException(
          "not reloaded: " + String.join(", ", needRestart) + " cannot change without a restart");
    }
    options = next;
    if (changed.contains(ACCOUNTS.name())) {
      accounts.reconfigure(configuredAccounts(next));
    }
    if (changed.stream().anyMatch(AUTHENTICATION::contains)) {
      clients.all().forEach(ClientConnection::recheckCredentials);
    }
    return changed;
  }

  // Settings whose change makes every open connection's credentials checked again.
  private static final Set<String> AUTHENTICATION =
      Set.of(ACCOUNTS.name(), USERS.name(), AUTH_TOKEN.name(), USER.name(), PASSWORD.name());

  @Override
  public MemoryBudget memory() {
    return memory;
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
  public String newNonce() {
    return authenticator.newNonce();
  }

  @Override
  public Account defaultAccount() {
    return accounts.globalAccount();
  }

  @Override
  public AuthOutcome authenticate(ClientConnection client, ConnectOptions c) {
    return authenticator.authenticate(client, c);
  }

  @Override
  public void closed(ClientConnection client) {
    clients.remove(client);
    if (system != null && client.account() != null && client.hasUser()) {
      system.disconnected(client.snapshot());
    }
  }

  @Override
  public void authenticated(ClientConnection client) {
    if (system != null && client.account() != null) {
      system.connected(client.snapshot());
    }
  }

  // ---- MonitoredNode ----

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public String serverName() {
    return serverName;
  }

  @Override
  public String version() {
    return NATS_VERSION;
  }

  @Override
  public Instant started() {
    return started;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int httpPort() {
    return monitor == null ? 0 : monitor.port();
  }

  @Override
  public int connectionCount() {
    return clients.size();
  }

  @Override
  public List<ClientSnapshot> clients() {
    return clients.all().stream().map(ClientConnection::snapshot).toList();
  }

  @Override
  public String systemAccount() {
    if (!accounts.operatorMode()) {
      return null;
    }
    String configured = options.operator().systemAccount();
    return configured != null ? configured : accounts.trust().systemAccount();
  }

  /**
   * The node's accounts; node-internal services register here ({@link AccountRegistry#addListener})
   * to live in every account, as {@code $JS.API} will.
   */
  @Override
  public AccountRegistry accounts() {
    return accounts;
  }

  // ---- lifecycle ----

  /**
   * Lame-duck mode, as nats-server's (SIGUSR2, {@code --signal ldm}): stops accepting clients,
   * tells the clients ({@code "ldm":true}, with only the other nodes' URLs) and the other nodes,
   * waits the grace period, then closes the clients spread over the rest of the lame-duck duration
   * so that they reconnect elsewhere a few at a time. Returns when the last is closed; the caller
   * then stops the node.
   */
  public void lameDuck() {
    synchronized (this) {
      if (closing || lameDuck) {
        return;
      }
      lameDuck = true;
    }
    // New connections are closed as they come.
    NodeLog.info("entering lame duck mode, stop accepting new clients");
    info.lameDuck();
    if (cluster != null) {
      List<String> others = new ArrayList<>(cluster.clientUrls());
      others.removeAll(clientUrls(options.get(HOST), port));
      info.cluster(options.get(CLUSTER_NAME), others);
      cluster.lameDuck();
    }
    clients.all().forEach(c -> c.channelExecutor().execute(c::sendInfoUpdate));
    Duration grace = options.get(LAME_DUCK_GRACE_PERIOD);
    Duration spread = options.get(LAME_DUCK_DURATION).minus(grace);
    sleep(grace.toMillis());
    List<ClientConnection> left = new ArrayList<>(clients.all());
    long pause = left.isEmpty() ? 0 : Math.min(1000, Math.max(0, spread.toMillis()) / left.size());
    NodeLog.info("lame duck mode: closing " + left.size() + " clients, " + pause + " ms apart");
    for (ClientConnection c : left) {
      c.channelExecutor().execute(() -> c.closeAfterDrain(Duration.ofSeconds(5)));
      sleep(pause);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    while (!clients.isEmpty() && System.nanoTime() < deadline) {
      sleep(10);
    }
  }

  private volatile boolean lameDuck;

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
    if (cluster != null) {
      cluster.close();
    }
    if (system != null) {
      system.close();
    }
    if (jetstream != null) {
      jetstream.close();
    }
    if (listener != null) {
      listener.close();
    }
    for (ClientConnection c : clients.all()) {
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

  private static void awaitQuietly(Future<?> f) {
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
