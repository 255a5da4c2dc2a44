package io.tributary.dataplane.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.Publisher;
import io.tributary.dataplane.account.RouteSubscriber;
import io.tributary.dataplane.account.Subscription;
import io.tributary.dataplane.client.Outbound;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.protocol.RouteDecoder;
import io.tributary.dataplane.protocol.RouteHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One route to another node: the handshake (INFO both ways, CONNECT from the soliciting side), the
 * other node's interest as subscriptions in this node's accounts, messages both ways, PING/PONG.
 * Reads run on the route's event loop; forwards come from any publisher's thread through the
 * thread-safe {@link Outbound}.
 */
final class RouteConnection implements RouteHandler, Publisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Cluster cluster;
  private final long id;
  private final ChannelHandlerContext ctx;
  private final Outbound out;
  private final RouteDecoder decoder;

  /** The URL this node solicited, or null for a route the other node opened. */
  final RouteUrl solicited;

  final boolean configured;
  final String remoteIp;
  final int remotePort;
  final Instant started = Instant.now();

  private boolean connectReceived;
  private volatile boolean registered;
  private volatile boolean closed;
  private volatile String remoteId;
  private volatile String remoteName;
  private volatile boolean remoteIsTributary;
  private volatile RouteUrl remoteRouteUrl; // where the other node takes routes ("ip" in its INFO)
  private volatile List<String> remoteClientUrls = List.of();
  private volatile com.fasterxml.jackson.databind.node.ObjectNode remoteInfo; // for gossip
  private int pingsOut;
  private long lastRead = System.nanoTime();

  final AtomicLong inMsgs = new AtomicLong();
  final AtomicLong outMsgs = new AtomicLong();
  final AtomicLong inBytes = new AtomicLong();
  final AtomicLong outBytes = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  private volatile long lastDropLog;

  // The other node's interest, per account name (its accounts may not exist here yet).
  private final Map<String, AccountSide> sides = new HashMap<>(); // on the route's event loop

  RouteConnection(
      Cluster cluster,
      long id,
      ChannelHandlerContext ctx,
      RouteUrl solicited,
      boolean configured,
      String remoteIp,
      int remotePort) {
    this.cluster = cluster;
    this.id = id;
    this.ctx = ctx;
    this.solicited = solicited;
    this.configured = configured;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.out = new Outbound(ctx, cluster.maxPending());
    // Routes carry what another node accepted from its clients, under its own max_payload:
    // nats-server checks no payload limit on routes; the node's hard ceiling still bounds a buffer.
    this.decoder = new RouteDecoder(this, 64 * 1024, NodeSettings.MAX_PAYLOAD_LIMIT);
  }

  long id() {
    return id;
  }

  String remoteId() {
    return remoteId;
  }

  String remoteName() {
    return remoteName;
  }

  /** True if the other node is one of ours (its INFO's {@code go} is {@code java…}). */
  boolean remoteIsTributary() {
    return remoteIsTributary;
  }

  RouteUrl remoteRouteUrl() {
    return remoteRouteUrl;
  }

  /** The other node's INFO as other nodes are told of it (gossip), or null. */
  byte[] gossipInfo() {
    var info = remoteInfo;
    return info == null ? null : ("INFO " + info + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  // A duplicate route this node solicited lost to this one: this one reconnects to its URL.
  private volatile RouteUrl inherited;
  private volatile boolean inheritedConfigured;

  void inherit(RouteUrl url, boolean configured) {
    if (solicited == null && inherited == null) {
      inherited = url;
      inheritedConfigured = configured;
    }
  }

  /** Where to reconnect when this route closes, or null. */
  RouteUrl reconnectUrl() {
    return solicited != null ? solicited : inherited;
  }

  boolean reconnectConfigured() {
    return configured || inheritedConfigured;
  }

  List<String> remoteClientUrls() {
    return remoteClientUrls;
  }

  boolean isRegistered() {
    return registered && !closed;
  }

  long pendingBytes() {
    return out.pendingBytes();
  }

  /** Subscriptions the other node holds here (for monitoring). */
  int subscriptionCount() {
    return ctxCall(() -> sides.values().stream().mapToInt(s -> s.subs.size()).sum());
  }

  List<String> subscriptionSubjects() {
    return ctxCall(
        () -> {
          List<String> all = new ArrayList<>();
          sides.values().forEach(s -> all.addAll(s.subs.keySet()));
          return all;
        });
  }

  // Reads the route's state on its event loop (monitoring is rare).
  private <T> T ctxCall(java.util.concurrent.Callable<T> c) {
    if (ctx.executor().inEventLoop()) {
      try {
        return c.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return ctx.executor().submit(c).get(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  // ---- sending ----

  /** The first lines: CONNECT (when this node solicited) and this node's INFO. */
  void start() {
    if (solicited != null) {
      out.line(cluster.connectLine(solicited));
      sendOwnInfo();
    }
  }

  /**
   * This node's INFO, once. On a route the other node opened it goes out when that node has spoken
   * (its CONNECT, or its INFO): by then the other node reads the route, so the INFO it identifies
   * this node by cannot arrive before its reader is in place (a dialling Vert.x client drops what
   * comes before). nats-server dials without waiting for the INFO, so it is not kept waiting.
   */
  private void sendOwnInfo() {
    if (!infoSent) {
      infoSent = true;
      out.line(cluster.infoLine());
    }
  }

  private boolean infoSent; // on the route's event loop

  void send(byte[] line) {
    out.line(line);
  }

  void sendPing() {
    pingsOut++;
    out.line(PING);
  }

  // ---- reading ----

  void read(ByteBuf buf) {
    lastRead = System.nanoTime();
    if (!decoder.decode(buf) && !closed) {
      close("protocol error");
    }
  }

  long idleNanos(long now) {
    return now - lastRead;
  }

  int pingsOut() {
    return pingsOut;
  }

  @Override
  public void info(String json) {
    JsonNode info;
    try {
      info = JSON.readTree(json);
    } catch (Exception e) {
      protocolError("INFO is not JSON");
      return;
    }
    String id = info.path("server_id").asText(null);
    if (id == null) {
      protocolError("INFO without server_id");
      return;
    }
    List<String> urls = new ArrayList<>();
    info.path("connect_urls").forEach(u -> urls.add(u.asText()));
    String ip = info.path("ip").asText(null);
    if (registered) {
      if (!id.equals(remoteId)) {
        // gossip: the other node tells of a node that joined; route to it too
        RouteUrl url = remoteRouteUrlOf(ip);
        if (url == null && info.path("port").asInt(0) > 0) {
          url =
              new RouteUrl(
                  info.path("host").asText(remoteIp), info.path("port").asInt(), null, null);
        }
        if (url != null) {
          cluster.learned(url, id, info.path("auth_required").asBoolean(false));
        }
        return;
      }
      // an update: client URLs changed, or the other node goes into lame-duck mode
      if (info.has("connect_urls")) {
        remoteClientUrls = List.copyOf(urls);
        cluster.clientUrlsChanged();
      }
      if (info.path("ldm").asBoolean(false)) {
        remoteClientUrls = List.of();
        cluster.clientUrlsChanged();
      }
      return;
    }
    if (solicited == null && !connectReceived && cluster.authRequired()) {
      refuse("Authorization Violation");
      return;
    }
    sendOwnInfo();
    String cluster = info.path("cluster").asText(null);
    if (this.cluster.name() != null && cluster != null && !cluster.equals(this.cluster.name())) {
      NodeLog.warn("route " + describe() + " is of cluster " + cluster + "; closing it");
      close("Cluster Name Conflict");
      return;
    }
    remoteId = id;
    remoteName = info.path("server_name").asText(id);
    remoteIsTributary = info.path("go").asText("").startsWith("java"); // our nodes say "java<N>"
    // where it takes routes: its advertised URL, else its address and its INFO's port
    RouteUrl advertised = remoteRouteUrlOf(ip);
    int infoPort = info.path("port").asInt(0);
    remoteRouteUrl =
        advertised != null
            ? advertised
            : infoPort > 0 ? new RouteUrl(remoteIp, infoPort, null, null) : null;
    if (info instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.remove("nonce");
      if (remoteRouteUrl != null) {
        o.put("ip", "nats-route://" + remoteRouteUrl.address() + "/");
      }
      remoteInfo = o;
    }
    remoteClientUrls = List.copyOf(urls);
    if (id.equals(this.cluster.serverId())) {
      // a route to ourselves (our own address among the routes)
      this.cluster.routeToSelf(this);
      closeQuietly();
      return;
    }
    // registered before the cluster lists it, so that a node registering at the same time on
    // another thread gossips to this route too
    registered = true;
    if (!this.cluster.register(this)) {
      registered = false;
      closeQuietly(); // a route to that node exists already
      return;
    }
    this.cluster.sendInterest(this);
    sendPing();
  }

  // The route URL in an INFO's "ip" (nats-route://host:port/), or null.
  private static RouteUrl remoteRouteUrlOf(String ip) {
    if (ip == null || ip.isBlank()) {
      return null;
    }
    try {
      return RouteUrl.parse(ip.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Runs {@code task} on the route's event loop. */
  void runOnLoop(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  @Override
  public void connect(String json) {
    if (solicited != null || connectReceived) {
      return; // nothing to check on a route we solicited
    }
    JsonNode c;
    try {
      c = JSON.readTree(json);
    } catch (Exception e) {
      protocolError("CONNECT is not JSON");
      return;
    }
    if (!cluster.authorized(c.path("user").asText(null), c.path("pass").asText(null))) {
      refuse("Authorization Violation");
      return;
    }
    String name = c.path("cluster").asText(null);
    if (cluster.name() != null && name != null && !name.isEmpty() && !name.equals(cluster.name())) {
      refuse(
          "Rejecting connection, cluster name \""
              + name
              + "\" does not match \""
              + cluster.name()
              + "\"");
      return;
    }
    connectReceived = true;
    sendOwnInfo();
  }

  @Override
  public void ping() {
    out.line(PONG);
  }

  @Override
  public void pong() {
    pingsOut = 0;
  }

  @Override
  public void error(String message) {
    NodeLog.warn("route " + describe() + " reported: " + message);
  }

  @Override
  public void subscribe(String account, String subject, String queue, int weight) {
    if (!registered) {
      return;
    }
    AccountSide side = sides.computeIfAbsent(account, a -> new AccountSide(a));
    String key = queue == null ? subject : subject + " " + queue;
    if (side.subs.containsKey(key)) {
      return; // a queue group's new weight: one member here stands for the group there
    }
    Subscription sub = new Subscription(side, subject, queue, "route-" + id);
    side.subs.put(key, sub);
    Account a = side.account();
    if (a != null) {
      a.subscribe(sub);
    }
  }

  @Override
  public void unsubscribe(String account, String subject, String queue) {
    AccountSide side = sides.get(account);
    if (side == null) {
      return;
    }
    Subscription sub = side.subs.remove(queue == null ? subject : subject + " " + queue);
    if (sub != null) {
      sub.close();
      Account a = side.account();
      if (a != null) {
        a.unsubscribe(sub);
      }
    }
  }

  @Override
  public void message(
      String account,
      InternedSubject subject,
      byte[] reply,
      List<String> queues,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    inMsgs.incrementAndGet();
    inBytes.addAndGet(size);
    Account a = cluster.account(account);
    if (a != null) {
      a.routeFromNode(this, subject, reply, queues, buf, offset, size, headerSize);
    }
  }

  @Override
  public void protocolError(String why) {
    NodeLog.warn("route " + describe() + ": " + why + "; closing it");
    out.line(("-ERR '" + why + "'\r\n").getBytes(StandardCharsets.UTF_8));
    close(why);
  }

  /** The handshake did not finish in time (nats-server's auth timeout). */
  void refuseLate() {
    runOnLoop(
        () -> {
          if (!registered && !closed) {
            refuse("Authentication Timeout");
          }
        });
  }

  private void refuse(String why) {
    NodeLog.warn("route " + describe() + " refused: " + why);
    out.line(("-ERR '" + why + "'\r\n").getBytes(StandardCharsets.UTF_8));
    close(why);
  }

  @Override
  public boolean noEcho() {
    return false;
  }

  /** An account appeared: the other node's interest in it takes effect. */
  void accountAdded(Account account) {
    AccountSide side = sides.get(account.name());
    if (side != null) {
      side.subs.values().forEach(account::subscribe);
    }
  }

  // ---- closing ----

  /** Closes the route (on its event loop): the other node's interest goes with it. */
  void close(String why) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> close(why));
      return;
    }
    if (closed) {
      return;
    }
    closed = true;
    decoder.release();
    for (AccountSide side : sides.values()) {
      Account a = side.account();
      for (Subscription s : side.subs.values()) {
        s.close();
        if (a != null) {
          a.unsubscribe(s);
        }
      }
    }
    sides.clear();
    out.flushAndClose();
    cluster.closed(this, why);
  }

  private void closeQuietly() {
    close(null);
  }

  /** The socket closed (the other node went, or the network). */
  void socketClosed() {
    close("connection closed");
  }

  boolean isClosed() {
    return closed;
  }

  String describe() {
    String who = remoteName != null ? remoteName : remoteIp + ":" + remotePort;
    return "rid " + id + " (" + who + ")";
  }

  /** The other node's subscriptions in one account, and how messages for them leave. */
  private final class AccountSide implements RouteSubscriber {
    private final String name;
    private final byte[] nameBytes;
    final Map<String, Subscription> subs = new HashMap<>();

    AccountSide(String name) {
      this.name = name;
      this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Account account() {
      return cluster.account(name);
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public boolean forward(
        Account account,
        byte[] subject,
        byte[] reply,
        List<String> queues,
        byte[] buf,
        int offset,
        int size,
        int headerSize) {
      if (closed || !out.routed(nameBytes, subject, reply, queues, buf, offset, size, headerSize)) {
        return false;
      }
      outMsgs.incrementAndGet();
      outBytes.addAndGet(size);
      return true;
    }
  }
}
