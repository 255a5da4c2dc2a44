package io.tributary.dataplane.account;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.protocol.Headers;
import io.tributary.dataplane.protocol.InternedSubject;

/**
 * A node-internal client in one account: it subscribes with handlers and publishes, like a client
 * connection without a socket, so node services (the resolver, JetStream's API) live in an
 * account's subject space with its isolation. A message is copied when it is delivered and its
 * handler runs on the client's executor, never on the publisher's event loop; {@link #publish} may
 * be called from any thread.
 */
public final class InternalClient implements Subscriber, Publisher, AutoCloseable {
  /** A message delivered to an internal subscription; its arrays are the client's own copies. */
  public record Message(
      String subscription, String subject, String reply, byte[] headers, byte[] payload) {
    /** The parsed header block, or an empty one when the message has none. */
    public Headers parsedHeaders() {
      return headers == null
          ? Headers.builder().build()
          : Headers.parse(headers, 0, headers.length);
    }

    public String payloadText() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** Handles one message, on the client's executor. */
  @FunctionalInterface
  public interface Handler {
    void handle(Message message);
  }

  private final Account account;
  private final String name;
  private final Executor executor;
  private final Map<Subscription, Handler> handlers = new ConcurrentHashMap<>();
  // Subscriptions that take only some of the subjects they match; absent: all.
  private final Map<Subscription, Predicate<String>> filters = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final boolean sharedWithCluster;

  /**
   * A client whose subscriptions the other nodes of a cluster learn of, so that they forward
   * matching messages here (the system services: every node answers).
   *
   * @param name a short name for subscription ids in monitoring ({@code <name>-<n>})
   * @param executor where handlers run
   */
  public InternalClient(Account account, String name, Executor executor) {
    this(account, name, executor, true);
  }

  private InternalClient(Account account, String name, Executor executor, boolean shared) {
    this.account = account;
    this.name = name;
    this.executor = executor;
    this.sharedWithCluster = shared;
  }

  /**
   * A client that serves only this node's clients: its subscriptions are not told to the other
   * nodes of a cluster (JetStream, which is not clustered yet).
   */
  public static InternalClient nodeLocal(Account account, String name, Executor executor) {
    return new InternalClient(account, name, executor, false);
  }

  @Override
  public boolean sharedWithCluster() {
    return sharedWithCluster;
  }

  /** Subscribes to {@code subject} (wildcards allowed) with {@code handler}. */
  public void subscribe(String subject, Handler handler) {
    subscribe(subject, null, handler);
  }

  /**
   * Subscribes to {@code subject}, taking only the messages whose subject {@code accepts} (null:
   * all); a message it declines counts as not delivered, so a requester whose request nothing else
   * takes still gets no-responders.
   */
  public void subscribe(String subject, Predicate<String> accepts, Handler handler) {
    if (!Subjects.isValid(subject)) {
      throw new IllegalArgumentException("not a valid subject: " + subject);
    }
    Subscription s = new Subscription(this, subject, null, name + "-" + handlers.size());
    handlers.put(s, handler);
    if (accepts != null) {
      filters.put(s, accepts);
    }
    account.subscribe(s);
  }

  /** Publishes {@code payload} on {@code subject}; returns the number of deliveries. */
  public int publish(String subject, byte[] payload) {
    return publish(subject, null, null, payload);
  }

  /**
   * Publishes a message with an optional reply subject and header block; a subject that is not a
   * valid literal (a requester's bad reply subject) is dropped. Returns the number of deliveries.
   */
  public int publish(String subject, String reply, Headers headers, byte[] payload) {
    if (closed || subject == null || !Subjects.isValidLiteral(subject)) {
      return 0;
    }
    byte[] hdr = headers == null || headers.isEmpty() ? null : headers.toBytes();
    byte[] buf = payload;
    if (hdr != null) {
      buf = new byte[hdr.length + payload.length];
      System.arraycopy(hdr, 0, buf, 0, hdr.length);
      System.arraycopy(payload, 0, buf, hdr.length, payload.length);
    }
    return account.route(
        this,
        new InternedSubject(subject, subject.getBytes(StandardCharsets.UTF_8)),
        reply == null ? null : reply.getBytes(StandardCharsets.UTF_8),
        buf,
        0,
        buf.length,
        hdr == null ? -1 : hdr.length);
  }

  /**
   * Delivers a message to the subscribers of {@code to} showing {@code subject} as its subject (a
   * JetStream consumer's delivery; see {@link Account#routeAs}); {@code headers} is a raw header
   * block or null. Returns the number of deliveries.
   */
  public int publishAs(
      InternedSubject to,
      String subject,
      byte[] reply,
      byte[] headers,
      byte[] payload,
      boolean cache) {
    if (closed || to == null || !isReplySubject(to.text())) {
      return 0;
    }
    byte[] buf = payload;
    if (headers != null && headers.length > 0) {
      buf = new byte[headers.length + payload.length];
      System.arraycopy(headers, 0, buf, 0, headers.length);
      System.arraycopy(payload, 0, buf, headers.length, payload.length);
    }
    return account.routeAs(
        this,
        to,
        subject.getBytes(StandardCharsets.UTF_8),
        reply,
        buf,
        0,
        buf.length,
        headers == null || headers.length == 0 ? -1 : headers.length,
        cache);
  }

  /** True if a message on {@code subject} would reach a subscriber in this client's account. */
  public boolean hasInterest(String subject) {
    return account.hasInterest(subject);
  }

  /**
   * Publishes a reply without headers to a requester's reply subject (checked to be a literal
   * subject: no wildcard token, nothing empty); one-off subjects are routed without caching them.
   */
  public int reply(String subject, byte[] payload) {
    if (closed || !isReplySubject(subject)) {
      return 0;
    }
    return account.routeReply(
        this,
        new InternedSubject(subject, subject.getBytes(StandardCharsets.UTF_8)),
        payload,
        0,
        payload.length,
        -1);
  }

  // The decoder already split the reply subject on white space; what is left to refuse is an
  // empty token or a wildcard, found with indexOf (an intrinsic) rather than a walk per character.
  private static boolean isReplySubject(String s) {
    int n = s == null ? 0 : s.length();
    if (n == 0 || s.charAt(0) == '.' || s.charAt(n - 1) == '.' || s.contains("..")) {
      return false;
    }
    return (s.indexOf('*') < 0 && s.indexOf('>') < 0) || Subjects.isValidLiteral(s);
  }

  @Override
  public boolean deliver(
      Subscription sub,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    Handler handler = handlers.get(sub);
    if (closed || handler == null) {
      return false;
    }
    String subjectText = new String(subject, StandardCharsets.UTF_8);
    Predicate<String> accepts = filters.get(sub);
    if (accepts != null && !accepts.test(subjectText)) {
      return false;
    }
    int hdr = Math.max(0, headerSize);
    byte[] headers = headerSize > 0 ? copy(buf, offset, hdr) : null;
    Message m =
        new Message(
            sub.subject(),
            subjectText,
            reply == null ? null : new String(reply, StandardCharsets.UTF_8),
            headers,
            copy(buf, offset + hdr, size - hdr));
    executor.execute(() -> handler.handle(m));
    return true;
  }

  @Override
  public boolean noEcho() {
    return false;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public Account account() {
    return account;
  }

  /** Removes every subscription; later publishes are dropped. */
  @Override
  public void close() {
    closed = true;
    for (Subscription s : handlers.keySet()) {
      s.close();
      account.unsubscribe(s);
    }
    handlers.clear();
    filters.clear();
  }

  private static byte[] copy(byte[] buf, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(buf, offset, out, 0, length);
    return out;
  }
}
