package io.tributary.dataplane.cluster;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountListener;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.account.InterestListener;
import io.tributary.dataplane.account.Subscription;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.log.NodeLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.impl.NetSocketInternal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * This node's part of a cluster: it listens for routes, solicits the configured ones (and those the
 * other nodes tell of, so that one seed completes the full mesh), keeps one route per other node,
 * tells every route this node's interest (RS+ when an account's first subscription to a subject
 * appears, RS- when its last goes; queue groups with their weight), and gathers the cluster's
 * client URLs for the clients' INFO.
 */
public final class Cluster implements InterestListener, AccountListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the cluster needs to know of its node. */
  public record Node(
      String serverId,
      String serverName,
      String version,
      int maxPayload,
      long maxPending,
      Duration pingInterval,
      int maxPingsOut,
      List<String> clientUrls) {}

  /** What the cluster is configured with. */
  public record Options(
      String name,
      RouteUrl listen,
      String advertise,
      List<RouteUrl> routes,
      boolean noAdvertise,
      int connectRetries,
      ServerOptions.TlsOptions tls) {}

  /** Told when the cluster's client URLs change (clients get a new INFO). */
  public interface UrlsListener {
    void clientUrlsChanged(List<String> urls);
  }

  private final Vertx vertx;
  private final Options options;
  private final Node node;
  private final AccountRegistry accounts;
  private final UrlsListener urlsListener;
  private final AtomicLong nextRouteId = new AtomicLong();
  private final Map<String, RouteConnection> byRemoteId = new ConcurrentHashMap<>();
  private final Set<RouteConnection> all = ConcurrentHashMap.newKeySet();
  // Addresses being solicited or connected, so gossip does not open a second route to them.
  private final Set<String> soliciting = ConcurrentHashMap.newKeySet();
  private final Set<String> selfAddresses = ConcurrentHashMap.newKeySet();
  // The interest this node's accounts have: per account, per "subject" or "subject queue", a count.
  private final Object interestLock = new Object();
  private final Map<Account, Map<String, int[]>> interest = new HashMap<>();
  private NetServer server;
  private NetClient client;
  private int port;
  private volatile String name;
  private volatile boolean closing;
  private long timer = -1;

  public Cluster(
      Vertx vertx,
      Options options,
      Node node,
      AccountRegistry accounts,
      UrlsListener urlsListener) {
    this.vertx = vertx;
    this.options = options;
    this.node = node;
    this.accounts = accounts;
    this.urlsListener = urlsListener;
    this.name = options.name();
  }

  /** Listens for routes, starts soliciting, and starts telling routes of interest. */
  public void start() {
    NetClientOptions clientOptions =
        new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000);
    NetServerOptions serverOptions =
        new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
    ServerOptions.TlsOptions tls = options.tls();
    if (tls != null) {
      // TLS first, before any INFO, on both sides (nats-server's routes); each node shows its
      // certificate to the other, and checks the other's against the CA and the route URL's host
      PemKeyCertOptions cert =
          new PemKeyCertOptions()
              .setCertPath(tls.certFile().toString())
              .setKeyPath(tls.keyFile().toString());
      clientOptions.setSsl(true).setKeyCertOptions(cert).setHostnameVerificationAlgorithm("HTTPS");
      serverOptions.setSsl(true).setKeyCertOptions(cert);
      if (tls.caFile() != null) {
        PemTrustOptions ca = new PemTrustOptions().addCertPath(tls.caFile().toString());
        clientOptions.setTrustOptions(ca);
        serverOptions
            .setTrustOptions(ca)
            .setClientAuth(tls.verifyClients() ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
      }
    }
    client = vertx.createNetClient(clientOptions);
    if (options.listen() != null) {
      server =
          vertx.createNetServer(
              serverOptions
                  .setHost(options.listen().host())
                  .setPort(Math.max(0, options.listen().port())));
      server.connectHandler(s -> accept(s, null, false));
      port =
          await(server.listen(), "listen for routes on " + options.listen().address()).actualPort();
      NodeLog.info(
          "listening for routes on "
              + options.listen().host()
              + ":"
              + port
              + (name == null ? "" : " (cluster " + name + ")"));
    }
    accounts.addListener(this);
    for (RouteUrl url : options.routes()) {
      solicit(url, true, 0);
    }
    long every = Math.max(100, Math.min(1000, node.pingInterval().toMillis() / 4));
    timer = vertx.setPeriodic(every, t -> housekeep());
  }

  /** The route port (after {@link #start}), 0 if the node takes no routes. */
  public int port() {
    return port;
  }

  public String name() {
    return name;
  }

  String serverId() {
    return node.serverId();
  }

  long maxPending() {
    return node.maxPending();
  }

  Account account(String name) {
    return accounts.get(name);
  }

  // ---- connections ----

  private void accept(NetSocket socket, RouteUrl solicited, boolean configured) {
    if (closing) {
      socket.close();
      return;
    }
    NetSocketInternal internal = (NetSocketInternal) socket;
    ChannelHandlerContext ctx = internal.channelHandlerContext();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    RouteConnection route =
        new RouteConnection(
            this,
            nextRouteId.incrementAndGet(),
            ctx,
            solicited,
            configured,
            remote == null ? "" : remote.getAddress().getHostAddress(),
            remote == null ? 0 : remote.getPort());
    all.add(route);
    if (solicited != null) {
      // The other node speaks first (its INFO): bytes may have arrived before this runs, and
      // Vert.x keeps them for the socket's data handler, which takes them in order.
      socket.handler(buffer -> route.read(buffer.getByteBuf()));
    } else {
      // Accepted: nothing is read before the connect handler returns, so reads can be taken from
      // Netty ahead of Vert.x's handler (no heap copy per read), as client connections are.
      ctx.pipeline()
          .addBefore(
              ctx.name(),
              "tributary-route-reads",
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext c, Object msg) {
                  if (msg instanceof ByteBuf buf) {
                    try {
                      route.read(buf);
                    } finally {
                      buf.release();
                    }
                  } else {
                    c.fireChannelRead(msg);
                  }
                }
              });
      internal.messageHandler(
          msg -> { // whatever reached Vert.x's handler before the one above
            if (msg instanceof ByteBuf buf) {
              try {
                route.read(buf);
              } finally {
                buf.release();
              }
            }
          });
    }
    socket.closeHandler(v -> route.socketClosed());
    route.start();
    // a route that does not finish its handshake in time is dropped
    vertx.setTimer(
        2000,
        t -> {
          if (!route.isRegistered() && !route.isClosed()) {
            route.close("no route handshake within 2 s");
          }
        });
  }

  private void solicit(RouteUrl url, boolean configured, int attempt) {
    if (closing || selfAddresses.contains(url.address())) {
      return;
    }
    if (attempt == 0 && !soliciting.add(url.address())) {
      return; // already being solicited
    }
    client
        .connect(url.port(), url.host())
        .onSuccess(socket -> accept(socket, url, configured))
        .onFailure(
            e -> {
              int retries = options.connectRetries();
              if (closing) {
                return;
              }
              if (!configured && attempt >= retries) {
                soliciting.remove(url.address());
                NodeLog.warn("route to " + url + " failed: " + e.getMessage() + "; giving up");
                return;
              }
              if (attempt == 0 || attempt % 30 == 0) {
                NodeLog.warn("route to " + url + " failed: " + e.getMessage() + "; retrying");
              }
              vertx.setTimer(backoff(attempt), t -> solicit(url, configured, attempt + 1));
            });
  }

  // 100 ms, doubling to 2 s (nats-server waits 1 s between attempts).
  private static long backoff(int attempt) {
    return Math.min(2000, 100L << Math.min(attempt, 5));
  }

  /**
   * A route finished its handshake: false if one to that node exists and is kept (this one is
   * dropped). As nats-server decides, the first registered wins and inherits the loser's URL to
   * reconnect to — except between two of our nodes, where the route the lower id dialled wins.
   */
  boolean register(RouteConnection route) {
    RouteConnection existing = byRemoteId.putIfAbsent(route.remoteId(), route);
    if (existing != null && existing != route) {
      boolean lowerIdDialledIt =
          (route.solicited != null) == (node.serverId().compareTo(route.remoteId()) < 0);
      if (!route.remoteIsTributary() || !lowerIdDialledIt) {
        if (route.solicited != null) {
          existing.inherit(route.solicited, route.configured);
        }
        return false;
      }
      // Both ends are our nodes: first-registered-wins could keep a different route at each end
      // (both then closed, both redialled, again); keeping the one the lower server id dialled,
      // both ends keep the same.
      byRemoteId.put(route.remoteId(), route);
      if (existing.solicited != null) {
        route.inherit(existing.solicited, existing.configured);
      }
      existing.close(null);
    }
    NodeLog.info(
        "route "
            + route.describe()
            + " up"
            + (route.solicited != null ? " (solicited " + route.solicited + ")" : ""));
    gossip(route);
    clientUrlsChanged();
    return true;
  }

  /** Tells the other routes of a new node, so that they route to it too (the mesh completes). */
  private void gossip(RouteConnection route) {
    RouteUrl url = route.remoteRouteUrl();
    byte[] info = route.gossipInfo();
    if (url == null || info == null) {
      return;
    }
    soliciting.add(url.address());
    for (RouteConnection r : byRemoteId.values()) {
      if (r != route && r.isRegistered()) {
        r.send(info);
      }
    }
  }

  /** An INFO a route sent about another node: connect to it if there is no route to it. */
  void learned(RouteUrl url, String serverId, boolean authRequired) {
    if (serverId != null
        && (serverId.equals(node.serverId()) || byRemoteId.containsKey(serverId))) {
      return;
    }
    if (options.routes().stream().anyMatch(r -> r.address().equals(url.address()))) {
      return; // a configured route: solicited already
    }
    RouteUrl listen = options.listen();
    // implicit routes use this node's own cluster credentials, as nats-server's do
    RouteUrl withAuth =
        authRequired && listen != null && listen.user() != null
            ? new RouteUrl(url.host(), url.port(), listen.user(), listen.password())
            : url;
    solicit(withAuth, false, 0);
  }

  boolean authRequired() {
    return options.listen() != null && options.listen().user() != null;
  }

  void routeToSelf(RouteConnection route) {
    if (route.solicited != null) {
      selfAddresses.add(route.solicited.address());
      soliciting.remove(route.solicited.address());
    }
  }

  void closed(RouteConnection route, String why) {
    all.remove(route);
    boolean wasRegistered =
        byRemoteId.remove(route.remoteId() == null ? "" : route.remoteId(), route);
    if (wasRegistered) {
      NodeLog.info("route " + route.describe() + " closed" + (why == null ? "" : ": " + why));
      clientUrlsChanged();
    }
    RouteUrl again = route.reconnectUrl();
    // no second route to a node that has one (nats-server does not redial then either)
    boolean replaced = route.remoteId() != null && byRemoteId.containsKey(route.remoteId());
    if (again != null && !closing && !replaced && !selfAddresses.contains(again.address())) {
      if (wasRegistered || route.reconnectConfigured()) {
        // reconnect: a configured route for ever, one learned from gossip as the retries allow
        soliciting.add(again.address());
        vertx.setTimer(backoff(0), t -> solicit(again, route.reconnectConfigured(), 1));
      } else {
        soliciting.remove(again.address());
      }
    } else if (route.remoteRouteUrl() != null && wasRegistered && !closing) {
      // the other node solicited us; it reconnects, but if it does not, gossip may bring it back
      soliciting.remove(route.remoteRouteUrl().address());
    }
  }

  boolean authorized(String user, String password) {
    RouteUrl listen = options.listen();
    if (listen == null || listen.user() == null) {
      return true;
    }
    return equal(listen.user(), user) && equal(listen.password(), password);
  }

  private static boolean equal(String expected, String given) {
    if (expected == null) {
      return given == null || given.isEmpty();
    }
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  // ---- protocol lines ----

  byte[] connectLine(RouteUrl to) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("echo", true);
    c.put("verbose", false);
    c.put("pedantic", false);
    if (to.user() != null) {
      c.put("user", to.user());
      c.put("pass", to.password() == null ? "" : to.password());
    }
    c.put("tls_required", options.tls() != null);
    c.put("headers", true);
    c.put("name", node.serverId());
    c.put("cluster", name == null ? "" : name);
    c.put("dynamic", name == null);
    c.put("lnoc", true);
    return ("CONNECT " + json(c) + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** This node's route INFO. */
  byte[] infoLine() {
    Map<String, Object> i = baseInfo(node.serverId());
    if (options.advertise() != null) {
      i.put("ip", "nats-route://" + options.advertise() + "/");
    }
    return ("INFO " + json(i) + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, Object> baseInfo(String serverId) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("server_id", serverId);
    i.put("server_name", node.serverName());
    i.put("version", node.version());
    i.put("proto", 2); // accounts in RS+/RS-/RMSG
    i.put("go", "java" + Runtime.version().feature());
    i.put("host", options.listen() == null ? "" : options.listen().host());
    i.put("port", port);
    i.put("headers", true);
    if (options.listen() != null && options.listen().user() != null) {
      i.put("auth_required", true);
    }
    if (options.tls() != null) {
      i.put("tls_required", true);
      i.put("tls_verify", options.tls().verifyClients());
    }
    i.put("max_payload", node.maxPayload());
    if (name != null) {
      i.put("cluster", name);
    }
    if (!options.noAdvertise()) {
      i.put("connect_urls", node.clientUrls());
    }
    i.put("lnoc", true);
    return i;
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- interest ----

  @Override
  public void added(Account account) {
    account.shareInterest(this);
    for (RouteConnection r : all) {
      r.runOnLoop(() -> r.accountAdded(account));
    }
  }

  @Override
  public void removed(Account account) {
    synchronized (interestLock) {
      Map<String, int[]> keys = interest.remove(account);
      if (keys != null) {
        for (String key : keys.keySet()) {
          broadcast(unsubLine(account, key));
        }
      }
    }
  }

  @Override
  public void added(Account account, Subscription sub) {
    String key = key(sub);
    synchronized (interestLock) {
      int[] n =
          interest
              .computeIfAbsent(account, a -> new HashMap<>())
              .computeIfAbsent(key, k -> new int[1]);
      n[0]++;
      if (sub.queue() != null || n[0] == 1) {
        broadcast(subLine(account, key, n[0]));
      }
    }
  }

  @Override
  public void removed(Account account, Subscription sub) {
    String key = key(sub);
    synchronized (interestLock) {
      Map<String, int[]> keys = interest.get(account);
      int[] n = keys == null ? null : keys.get(key);
      if (n == null) {
        return;
      }
      if (--n[0] <= 0) {
        keys.remove(key);
        broadcast(unsubLine(account, key));
      } else if (sub.queue() != null) {
        broadcast(subLine(account, key, n[0]));
      }
    }
  }

  /** Sends a new route every interest this node has (before anything else it sends). */
  void sendInterest(RouteConnection route) {
    synchronized (interestLock) {
      interest.forEach(
          (account, keys) -> keys.forEach((key, n) -> route.send(subLine(account, key, n[0]))));
    }
  }

  // Caller holds interestLock, so every route sees the changes in the order they happened.
  private void broadcast(byte[] line) {
    for (RouteConnection r : byRemoteId.values()) {
      if (r.isRegistered()) {
        r.send(line);
      }
    }
  }

  private static String key(Subscription sub) {
    return sub.queue() == null ? sub.subject() : sub.subject() + " " + sub.queue();
  }

  private static byte[] subLine(Account account, String key, int weight) {
    String line =
        "RS+ " + account.name() + " " + key + (key.indexOf(' ') > 0 ? " " + weight : "") + "\r\n";
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] unsubLine(Account account, String key) {
    return ("RS- " + account.name() + " " + key + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  // ---- client URLs ----

  /** The client URLs of the whole cluster (this node's first). */
  public List<String> clientUrls() {
    Set<String> urls = new LinkedHashSet<>(node.clientUrls());
    for (RouteConnection r : byRemoteId.values()) {
      if (!r.isClosed()) {
        urls.addAll(r.remoteClientUrls());
      }
    }
    return new ArrayList<>(urls);
  }

  void clientUrlsChanged() {
    if (!options.noAdvertise()) {
      urlsListener.clientUrlsChanged(clientUrls());
    }
  }

  /** Tells the other nodes that this one is going (lame duck): clients should not come here. */
  public void lameDuck() {
    Map<String, Object> i = baseInfo(node.serverId());
    i.put("ldm", true);
    broadcast(("INFO " + json(i) + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  // ---- housekeeping ----

  private void housekeep() {
    long now = System.nanoTime();
    long interval = node.pingInterval().toNanos();
    for (RouteConnection r : all) {
      r.runOnLoop(
          () -> {
            if (!r.isRegistered()) {
              return;
            }
            if (r.idleNanos(now) > interval) {
              if (r.pingsOut() >= node.maxPingsOut()) {
                r.close("Stale Connection");
              } else {
                r.sendPing();
              }
            }
          });
    }
  }

  // ---- monitoring ----

  /** One route, for /routez and /varz. */
  public record RouteInfo(
      long rid,
      String remoteId,
      String remoteName,
      boolean didSolicit,
      boolean isConfigured,
      String ip,
      int port,
      java.time.Instant start,
      long pendingSize,
      long inMsgs,
      long outMsgs,
      long inBytes,
      long outBytes,
      int subscriptions,
      List<String> subscriptionsList,
      long droppedMsgs) {}

  public List<RouteInfo> routes(boolean withSubscriptions) {
    List<RouteInfo> list = new ArrayList<>();
    for (RouteConnection r : byRemoteId.values()) {
      Integer subs = r.subscriptionCount();
      list.add(
          new RouteInfo(
              r.id(),
              r.remoteId(),
              r.remoteName(),
              r.solicited != null,
              r.configured,
              r.remoteIp,
              r.remotePort,
              r.started,
              r.pendingBytes(),
              r.inMsgs.get(),
              r.outMsgs.get(),
              r.inBytes.get(),
              r.outBytes.get(),
              subs == null ? 0 : subs,
              withSubscriptions ? r.subscriptionSubjects() : null,
              r.dropped.get()));
    }
    list.sort((a, b) -> Long.compare(a.rid(), b.rid()));
    return list;
  }

  public int routeCount() {
    return byRemoteId.size();
  }

  /** Where this node takes routes ({@code host:port}), or null. */
  public String listenAddress() {
    return options.listen() == null ? null : options.listen().host() + ":" + port;
  }

  /** The configured routes' URLs (without credentials). */
  public List<String> configuredRoutes() {
    return options.routes().stream().map(RouteUrl::toString).toList();
  }

  // ---- lifecycle ----

  public void close() {
    closing = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    accounts.removeListener(this);
    if (server != null) {
      awaitQuietly(server.close());
    }
    for (RouteConnection r : all) {
      r.close(null);
    }
    if (client != null) {
      awaitQuietly(client.close());
    }
  }

  private static <T> T await(Future<T> f, String what) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
    }
  }

  private static void awaitQuietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
