package io.tributary.dataplane.client;

import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.MAX_CONTROL_LINE;
import static io.tributary.dataplane.config.NodeSettings.MAX_PENDING;
import static io.tributary.dataplane.config.NodeSettings.MAX_PINGS_OUT;
import static io.tributary.dataplane.config.NodeSettings.PING_INTERVAL;
import static io.tributary.dataplane.config.NodeSettings.WRITE_DEADLINE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.subject.Subjects;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.Publisher;
import io.tributary.dataplane.account.Subscriber;
import io.tributary.dataplane.account.Subscription;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.protocol.ClientDecoder;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.Headers;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.protocol.ProtocolError;
import io.tributary.dataplane.protocol.ProtocolHandler;

/**
 * One client connection: decodes what the client sends, applies it, and queues what it receives.
 * Everything except deliveries runs on the connection's event loop; deliveries from other
 * connections go through the thread-safe {@link Outbound} and the concurrent subscription map.
 */
public final class ClientConnection implements ProtocolHandler, Subscriber, Publisher {
  private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_RESPONDERS_STATUS = Headers.status(503).toBytes();

  private final long id;
  private final ClientContext server;
  private final ChannelHandlerContext ctx;
  private final ClientDecoder decoder;
  private final Outbound out;
  private final String remoteIp;
  private final int remotePort;
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong outMsgs = new AtomicLong();
  private final AtomicLong outBytes = new AtomicLong();
  private final AtomicBoolean slow = new AtomicBoolean();
  private volatile ConnectOptions options = ConnectOptions.defaults();
  private volatile boolean connected;
  private volatile boolean closed;
  private volatile String closeReason;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile long inMsgs;
  private volatile long inBytes;
  private long lastPingNanos = System.nanoTime();
  private int pingsOut;
  private final String nonce; // operator mode only: the client signs it
  private volatile Account account; // null until CONNECT in operator mode
  private volatile String user;
  private volatile ClientPermissions permissions; // null: everything allowed
  private AuthorizedUser jwtUser; // operator mode: who authenticated, re-checked on account updates
  private boolean countedInAccount;
  private boolean warnedMemory; // a refused subscription is logged once per connection
  private volatile ConnectionLimits limits;

  public ClientConnection(
      long id, ClientContext server, ChannelHandlerContext ctx, String remoteIp, int remotePort) {
    this.id = id;
    this.server = server;
    this.ctx = ctx;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.decoder = new ClientDecoder(this, server.options().get(MAX_CONTROL_LINE));
    this.out = new Outbound(ctx, server.options().get(MAX_PENDING));
    this.nonce = server.newNonce();
    this.account = server.defaultAccount();
    if (account != null) {
      out.chargeTo(account.memory());
    }
    this.limits = ConnectionLimits.of(server.options());
  }

  /** Sends INFO; call once, on the event loop, when the connection is accepted. */
  public void sendInfo() {
    out.line(infoLine().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends INFO again to a connected client: the cluster's client URLs changed, or the node went
   * into lame-duck mode. Clients read an INFO at any time.
   */
  public void sendInfoUpdate() {
    if (connected && !closed) {
      out.line(infoLine().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Feeds bytes read from the socket. Runs on the event loop; the caller releases {@code buf}. */
  public void read(ByteBuf buf) {
    if (closed) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    try {
      decoder.decode(buf);
    } catch (RuntimeException e) {
      // A bug must not desynchronise the stream (the rest of the buffer would be lost): close this
      // connection.
      NodeLog.warn("closing connection " + id + " after an internal error: " + e);
      close(ProtocolError.PARSE_ERROR);
    }
  }

  // ---- ProtocolHandler ----

  @Override
  public void connect(String json) {
    ConnectOptions o = ConnectOptions.parse(json);
    if (o == null) {
      protocolError(ProtocolError.PARSE_ERROR);
      return;
    }
    if (o.protocol < 0 || o.protocol > 1) {
      protocolError(ProtocolError.INVALID_CLIENT_PROTOCOL);
      return;
    }
    if (o.noResponders && !o.headers) {
      protocolError(ProtocolError.NO_RESPONDERS_REQUIRES_HEADERS);
      return;
    }
    if (connected) {
      // As nats-server: a second CONNECT changes the client's options (verbose, echo, headers…);
      // who the client is was settled by the first one.
      options = o;
      ok();
      return;
    }
    if (notEmpty(o.account) || notEmpty(o.newAccount)) {
      protocolError(ProtocolError.AUTHORIZATION_VIOLATION);
      return;
    }
    switch (server.authenticate(this, o)) {
      case AuthOutcome.Refused r -> {
        NodeLog.info("connection " + id + " from " + remoteIp + " refused: " + r.reason());
        protocolError(r.error());
        return;
      }
      case AuthOutcome.Bound b -> {
        if (!b.account().tryConnect()) {
          protocolError(ProtocolError.MAX_ACCOUNT_CONNECTIONS);
          return;
        }
        countedInAccount = true;
        account = b.account();
        out.chargeTo(account.memory());
        user = b.user();
        permissions = ClientPermissions.of(b.permissions());
        jwtUser = b.jwtUser();
      }
    }
    options = o;
    connected = true;
    ok();
    server.authenticated(this);
    if (jwtUser != null) {
      applyLimits(jwtUser.account());
    }
  }

  @Override
  public void publish(
      InternedSubject subject, byte[] reply, byte[] buf, int offset, int size, int headerSize) {
    if (!allowedBeforeConnect()) {
      return;
    }
    inMsgs++;
    inBytes += size;
    server.stats().received(size);
    account.traffic().received(size);
    ConnectOptions o = options;
    if (permissions != null && !permissions.canPublish(subject.text())) {
      out.line(ProtocolError.publishViolation(subject.text()).getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (o.pedantic && !Subjects.isValidLiteral(subject.text())) {
      // nats-server reports it and still routes the message.
      error(ProtocolError.INVALID_PUBLISH_SUBJECT);
    }
    ok(); // nats-server acknowledges when it parses the PUB line, before the payload is routed
    int delivered = account.route(this, subject, reply, buf, offset, size, headerSize);
    if (delivered == 0 && reply != null && o.noResponders) {
      noResponders(reply);
    }
  }

  @Override
  public void subscribe(String subject, String queue, String sid) {
    if (!allowedBeforeConnect()) {
      return;
    }
    if (!Subjects.isValid(subject) || (queue != null && !Subjects.isValidQueue(queue))) {
      error(ProtocolError.INVALID_SUBJECT);
      return;
    }
    if (permissions != null && !permissions.canSubscribe(subject, queue)) {
      out.line(
          ProtocolError.subscriptionViolation(subject, queue).getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (subscriptions.containsKey(sid)) {
      ok(); // nats-server keeps the existing subscription
      return;
    }
    if (limits.subscriptionsFull(subscriptions.size())) {
      error(ProtocolError.MAX_SUBSCRIPTIONS);
      return;
    }
    Subscription sub = new Subscription(this, subject, queue, sid);
    if (!account.memory().tryCharge(MemoryBudget.Pool.HEAP, sub.memoryCost())) {
      // The account's share of the node's memory (or the node's budget) is used up: refused as
      // nats-server refuses a subscription over a limit, and the connection stays.
      if (!warnedMemory) {
        warnedMemory = true;
        NodeLog.warn(
            String.format(
                "connection %d of account %s: subscriptions refused, the account's share of the"
                    + " node's memory is used up (%d of %d bytes of heap; node: %d of %d)",
                id,
                account.name(),
                account.memory().held(MemoryBudget.Pool.HEAP),
                server.memory().perAccount(MemoryBudget.Pool.HEAP),
                server.memory().used(MemoryBudget.Pool.HEAP),
                server.memory().limit(MemoryBudget.Pool.HEAP)));
      }
      error(ProtocolError.MAX_SUBSCRIPTIONS);
      return;
    }
    subscriptions.put(sid, sub);
    account.subscribe(sub);
    ok();
  }

  @Override
  public void unsubscribe(String sid, long max) {
    if (!allowedBeforeConnect()) {
      return;
    }
    Subscription sub = subscriptions.get(sid);
    if (sub != null) {
      if (max > 0 && max > sub.delivered()) {
        sub.max(max);
      } else {
        removeSubscription(sub);
      }
    }
    ok();
  }

  @Override
  public void ping() {
    if (allowedBeforeConnect()) {
      out.line(PONG);
    }
  }

  @Override
  public void pong() {
    pingsOut = 0;
  }

  @Override
  public void protocolError(ProtocolError error) {
    String line = error.line();
    if (line != null) {
      out.line(line.getBytes(StandardCharsets.US_ASCII));
    }
    if (error.closesConnection()) {
      close(error);
    }
  }

  @Override
  public int maxPayload() {
    return limits.maxPayload();
  }

  @Override
  public boolean headersEnabled() {
    return options.headers;
  }

  // ---- deliveries (any thread) ----

  /**
   * Delivers a message to {@code sub} of this connection. Returns false if it was not delivered
   * (closed, over its auto-unsubscribe limit, or this connection is a slow consumer).
   */
  @Override
  public boolean deliver(
      Subscription sub,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    if (closed || !sub.claimDelivery()) {
      return false;
    }
    // The reply is allowed before the message can reach the client: the flush runs on the
    // client's event loop, which may read its response before this thread goes on.
    ClientPermissions p = permissions;
    if (reply != null && p != null && p.tracksReplies()) {
      p.received(new String(reply, StandardCharsets.UTF_8));
    }
    if (!out.message(
        subject, sub.sidBytes(), reply, buf, offset, size, headerSize, options.headers)) {
      // Several publishers may hit the limit before the close runs; count and close once.
      if (slow.compareAndSet(false, true)) {
        slowConsumer("pending bytes over max_pending or the account's memory share");
        ctx.executor().execute(() -> close(ProtocolError.SLOW_CONSUMER));
      }
      return false;
    }
    outMsgs.incrementAndGet();
    outBytes.addAndGet(size);
    server.stats().sent(size);
    account.traffic().sent(size);
    if (sub.reachedMax()) {
      removeSubscription(sub);
    }
    return true;
  }

  // Counted in /varz and logged as nats-server logs it; the caller closes the connection.
  private void slowConsumer(String why) {
    server.stats().slowConsumer();
    if (account != null) {
      account.slowConsumer();
    }
    NodeLog.warn(
        String.format(
            "connection %d (%s:%d, account %s): Slow Consumer Detected: %s, %d bytes pending",
            id,
            remoteIp,
            remotePort,
            account == null ? "-" : account.name(),
            why,
            out.pendingBytes()));
  }

  /** True if this connection asked not to receive its own messages. */
  @Override
  public boolean noEcho() {
    return !options.echo;
  }

  // ---- housekeeping (event loop) ----

  /** Auth timeout, server pings, stale and stalled connections. Runs on the event loop. */
  public void housekeep(long now) {
    if (closed) {
      return;
    }
    ServerOptions opts = server.options();
    if (!connected && opts.authRequired() && now - startNanos > opts.get(AUTH_TIMEOUT).toNanos()) {
      protocolError(ProtocolError.AUTHENTICATION_TIMEOUT);
      return;
    }
    if (jwtUser != null && expired()) {
      return;
    }
    if (out.stalledNanos() > opts.get(WRITE_DEADLINE).toNanos()) {
      if (slow.compareAndSet(false, true)) {
        slowConsumer("write deadline of " + opts.get(WRITE_DEADLINE).toMillis() + " ms exceeded");
      }
      close(ProtocolError.SLOW_CONSUMER);
      return;
    }
    if (now - lastPingNanos >= opts.get(PING_INTERVAL).toNanos()) {
      lastPingNanos = now;
      if (pingsOut + 1 > opts.get(MAX_PINGS_OUT)) {
        server.stats().staleConnection();
        protocolError(ProtocolError.STALE_CONNECTION);
        return;
      }
      pingsOut++;
      out.line(PING);
    }
  }

  /**
   * Applies new claims of this connection's account, as nats-server does for live connections: a
   * deleted or expired account, a revoked user, a removed signing key or newly disallowed bearer
   * token closes the connection; users on the account's default permissions get the new defaults.
   * Runs on the event loop.
   */
  public void accountChanged(AccountClaims claims, boolean deleted, boolean strictSigningKeys) {
    if (closed || jwtUser == null) {
      return;
    }
    UserClaims u = jwtUser.claims();
    if (deleted || claims.isExpired(Instant.now().getEpochSecond())) {
      protocolError(ProtocolError.ACCOUNT_EXPIRED);
    } else if (claims.nats.revocations.isRevoked(u.subject, u.issuedAt)) {
      protocolError(ProtocolError.USER_REVOKED);
    } else if (!claims.isUserSigner(jwtUser.signer(), strictSigningKeys)) {
      protocolError(ProtocolError.SIGNER_REMOVED);
    } else if (jwtUser.limits().bearerToken && claims.nats.limits.disallowBearer) {
      protocolError(ProtocolError.AUTHORIZATION_VIOLATION);
    } else {
      if (jwtUser.defaultPermissions()) {
        permissions = ClientPermissions.of(claims.nats.defaultPermissions);
      }
      applyLimits(claims);
    }
  }

  /**
   * Applies the user's and the account's subscription and payload limits. A connection over its
   * subscription limit (or with a limit of 0) gets {@code maximum subscriptions exceeded} and is
   * closed; a changed payload limit is announced in a new INFO, as clients read it from there.
   */
  private void applyLimits(AccountClaims claims) {
    ConnectionLimits before = limits;
    limits = ConnectionLimits.of(jwtUser.limits(), claims, server.options());
    if (limits.subscriptionsExceeded(subscriptions.size())) {
      error(ProtocolError.MAX_SUBSCRIPTIONS);
      close(ProtocolError.MAX_SUBSCRIPTIONS);
    } else if (limits.maxPayload() != before.maxPayload()) {
      sendInfo();
    }
  }

  // The user JWT's expiry (or the end of its connect window) and the account's expiry close a live
  // connection.
  private boolean expired() {
    Instant now = Instant.now();
    if (jwtUser.expiresAt() != null && !now.isBefore(jwtUser.expiresAt())) {
      protocolError(ProtocolError.USER_EXPIRED);
      return true;
    }
    AccountClaims claims = account.claims();
    if (claims != null && claims.isExpired(now.getEpochSecond())) {
      protocolError(ProtocolError.ACCOUNT_EXPIRED);
      return true;
    }
    return false;
  }

  /**
   * Checks this connection's credentials again after a configuration reload, as nats-server does:
   * one whose user is gone or whose password changed is closed with {@code Authorization
   * Violation}; one that still logs in takes its user's current permissions. Runs on the event
   * loop.
   */
  public void recheckCredentials() {
    ctx.executor()
        .execute(
            () -> {
              if (closed || !connected || jwtUser != null) {
                return; // JWT users follow their account's claims instead
              }
              switch (server.authenticate(this, options)) {
                case AuthOutcome.Refused r -> protocolError(ProtocolError.AUTHORIZATION_VIOLATION);
                case AuthOutcome.Bound b -> {
                  if (b.account() != account) {
                    protocolError(ProtocolError.AUTHORIZATION_VIOLATION);
                  } else {
                    permissions = ClientPermissions.of(b.permissions());
                  }
                }
              }
            });
  }

  /** Instant the connection started, for choosing which connections go when a limit is lowered. */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Closes the connection (idempotent): removes its subscriptions, flushes what is queued, closes
   * the socket.
   */
  public void close(ProtocolError why) {
    if (closed) {
      return;
    }
    closed = true;
    closeReason = ClientSnapshot.closeReason(why);
    for (Subscription s : subscriptions.values()) {
      s.close();
      account.unsubscribe(s);
      account.memory().release(MemoryBudget.Pool.HEAP, s.memoryCost());
    }
    subscriptions.clear();
    decoder.release();
    if (why == ProtocolError.SLOW_CONSUMER) {
      // What was queued is dropped; what the socket already took goes out ahead of the -ERR, and a
      // reader that takes nothing more within a second is closed anyway.
      out.discard();
      ctx.writeAndFlush(Unpooled.wrappedBuffer(why.line().getBytes(StandardCharsets.US_ASCII)))
          .addListener(f -> ctx.close());
      ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
    } else {
      out.flushAndClose();
    }
    if (countedInAccount) {
      account.disconnected();
    }
    server.closed(this);
  }

  /** Called when the socket closed under us. */
  public void socketClosed() {
    close(null);
  }

  /**
   * Closes the connection without losing what the client already sent: the node stops writing (the
   * client reads the end of the stream and reconnects elsewhere), goes on reading and routing until
   * the client closes its side or {@code timeout} passes, then closes. Lame-duck mode closes
   * clients this way. Runs on the event loop.
   */
  public void closeAfterDrain(java.time.Duration timeout) {
    if (closed) {
      return;
    }
    out.flushAndShutdownOutput();
    ctx.executor().schedule(() -> close(null), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- identity and monitoring ----

  @Override
  public long id() {
    return id;
  }

  /** The account the connection is bound to (null in operator mode before CONNECT). */
  @Override
  public Account account() {
    return account;
  }

  /** True once the client authenticated as a user (operator mode, user/password). */
  public boolean hasUser() {
    return user != null;
  }

  /** The nonce sent in INFO, or null when none was needed. */
  public String nonce() {
    return nonce;
  }

  public String remoteIp() {
    return remoteIp;
  }

  /** The connection as it is now, for monitoring and advisories. */
  public ClientSnapshot snapshot() {
    Account a = account;
    ConnectOptions o = options;
    return new ClientSnapshot(
        id,
        a == null ? null : a.name(),
        user,
        jwtUser == null ? null : jwtUser.claims().name,
        jwtUser == null ? null : jwtUser.signer(),
        remoteIp,
        remotePort,
        start,
        Duration.ofNanos(System.nanoTime() - lastActivityNanos),
        o.name,
        o.lang,
        o.version,
        o.jwt,
        inMsgs,
        inBytes,
        outMsgs.get(),
        outBytes.get(),
        out.pendingBytes(),
        List.copyOf(subscriptions.values()),
        closeReason);
  }

  private String infoLine() {
    // An INFO after CONNECT (a changed payload limit) has no nonce to sign.
    return server.infoLine(id, remoteIp, connected ? null : nonce, limits.maxPayload());
  }

  /** The event loop this connection runs on. */
  public Executor channelExecutor() {
    return ctx.executor();
  }

  // ---- internals ----

  private void removeSubscription(Subscription sub) {
    if (subscriptions.remove(sub.sid(), sub)) {
      sub.close();
      account.unsubscribe(sub);
      account.memory().release(MemoryBudget.Pool.HEAP, sub.memoryCost());
    }
  }

  /**
   * Sends the 503 no-responders status on this client's subscription that matches the reply
   * subject.
   */
  private void noResponders(byte[] reply) {
    String replySubject = new String(reply, StandardCharsets.UTF_8);
    for (Subscription s : subscriptions.values()) {
      if (Subjects.matches(s.subject(), replySubject)) {
        deliver(
            s,
            reply,
            null,
            NO_RESPONDERS_STATUS,
            0,
            NO_RESPONDERS_STATUS.length,
            NO_RESPONDERS_STATUS.length);
        return;
      }
    }
  }

  /**
   * Before CONNECT only CONNECT is allowed when authentication is required (nats-server closes
   * otherwise).
   */
  private boolean allowedBeforeConnect() {
    if (!connected && server.options().authRequired()) {
      protocolError(ProtocolError.AUTHORIZATION_VIOLATION);
      return false;
    }
    return true;
  }

  private void error(ProtocolError error) {
    out.line(error.line().getBytes(StandardCharsets.US_ASCII));
  }

  private void ok() {
    if (options.verbose) {
      out.line(OK);
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
