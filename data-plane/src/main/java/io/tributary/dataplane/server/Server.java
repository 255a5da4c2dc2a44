package io.tributary.dataplane.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.client.ClientConnection;
import io.tributary.dataplane.client.ClientContext;
import io.tributary.dataplane.client.Subscription;
import io.tributary.dataplane.monitor.MonitorServer;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.InfoJson;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.protocol.ProtocolError;
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
  private final Account globalAccount = new Account(Account.GLOBAL);
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
      tls.sendInfoThenStart(ctx, infoLine(id, ip).getBytes(StandardCharsets.UTF_8));
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

  private void housekeep() {
    long now = System.nanoTime();
    for (ClientConnection c : clients.values()) {
      c.channelExecutor().execute(() -> c.housekeep(now));
    }
  }

  private Duration housekeepingPeriod() {
    long min =
        Math.min(
            options.pingInterval().toMillis(),
            Math.min(options.authTimeout().toMillis(), options.writeDeadline().toMillis()));
    return Duration.ofMillis(Math.max(10, Math.min(1000, min / 4)));
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
  public String infoLine(long clientId, String clientIp) {
    return info.line(clientId, clientIp, null);
  }

  @Override
  public boolean authRequired() {
    return options.authRequired();
  }

  @Override
  public boolean authenticate(ConnectOptions c) {
    if (options.authToken() != null) {
      return constantTimeEquals(options.authToken(), c.authToken);
    }
    if (options.user() != null) {
      return constantTimeEquals(options.user(), c.user)
          & constantTimeEquals(options.password(), c.pass);
    }
    return true;
  }

  @Override
  public int route(
      ClientConnection publisher,
      InternedSubject subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return globalAccount.route(publisher, subject, reply, buf, offset, size, headerSize);
  }

  @Override
  public void subscribe(Subscription sub) {
    globalAccount.sublist().insert(sub);
  }

  @Override
  public void unsubscribe(Subscription sub) {
    globalAccount.sublist().remove(sub);
  }

  @Override
  public void closed(ClientConnection client) {
    clients.remove(client.id());
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

  public Account globalAccount() {
    return globalAccount;
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
