package io.tributary.dataplane.account;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.stats.TrafficCounters;
import io.tributary.dataplane.subject.Sublist;
import io.tributary.dataplane.subject.SublistResult;

/**
 * An account: an isolated subject space with its own subscription index. Without operator mode
 * there is one, {@code $G}, as in nats-server.
 */
public final class Account {
  /** The global account of a node without operator mode. */
  public static final String GLOBAL = "$G";

  private static final String ACK_PREFIX = "$JS.ACK.";

  private final String name;
  private final Sublist<Subscription> sublist = new Sublist<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile AccountClaims claims;
  private final TrafficCounters traffic = new TrafficCounters();
  private final ResponseRoutes responses = new ResponseRoutes(this);
  private final MemoryBudget.Share memory;
  private final AtomicLong slowConsumers = new AtomicLong();
  private volatile InterestListener interest; // the cluster's, when the node has routes

  /** Set while a message that came over a route is delivered: nothing derived from it goes back. */
  private static final ThreadLocal<Boolean> FROM_ROUTE = ThreadLocal.withInitial(() -> false);

  /**
   * @param claims the account JWT's claims in operator mode, or null for {@code $G}
   * @param memory the account's share of the node's memory budget
   */
  public Account(String name, AccountClaims claims, MemoryBudget.Share memory) {
    this.name = name;
    this.claims = claims;
    this.memory = memory;
  }

  public String name() {
    return name;
  }

  /** The current claims, or null for {@code $G}. */
  public AccountClaims claims() {
    return claims;
  }

  void update(AccountClaims claims) {
    this.claims = claims;
  }

  /**
   * Counts a new client connection against the account's {@code conn} limit ({@code -1}: unlimited;
   * an absent limit is 0 and admits none, and so does any other negative value, as in nats-server).
   * False if the account is full.
   */
  public boolean tryConnect() {
    AccountClaims c = claims;
    long max = c == null ? -1 : c.nats.limits.conn;
    while (true) {
      int n = connections.get();
      if (max != -1 && n >= max) {
        return false;
      }
      if (connections.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void disconnected() {
    connections.decrementAndGet();
  }

  public int connections() {
    return connections.get();
  }

  /** What the account's clients hold of the node's memory budget. */
  public MemoryBudget.Share memory() {
    return memory;
  }

  /** One of the account's clients was cut off as a slow consumer. */
  public void slowConsumer() {
    slowConsumers.incrementAndGet();
  }

  public long slowConsumers() {
    return slowConsumers.get();
  }

  /** The account's traffic: the basis for usage metering. */
  public TrafficCounters traffic() {
    return traffic;
  }

  /** The subscription index; add and remove through {@link #subscribe} and {@link #unsubscribe}. */
  public Sublist<Subscription> sublist() {
    return sublist;
  }

  /** Adds a subscription (and tells the cluster, if it is one the other nodes must know of). */
  public void subscribe(Subscription sub) {
    sublist.insert(sub);
    InterestListener l = interest;
    if (l != null && sub.owner().sharedWithCluster() && sub.markShared()) {
      l.added(this, sub);
    }
  }

  /** Removes a subscription; false if it was not there. */
  public boolean unsubscribe(Subscription sub) {
    boolean removed = sublist.remove(sub);
    InterestListener l = interest;
    if (l != null && sub.markUnshared()) {
      l.removed(this, sub);
    }
    return removed;
  }

  /**
   * Starts telling {@code listener} of the subscriptions the cluster must know of: those already
   * there, then each one added or removed.
   */
  public void shareInterest(InterestListener listener) {
    this.interest = listener;
    sublist.forEach(
        s -> {
          if (s.owner().sharedWithCluster() && s.markShared()) {
            listener.added(this, s);
          }
        });
  }

  /** Routes back to requesters in other accounts, for requests that came in as a service. */
  ResponseRoutes responses() {
    return responses;
  }

  /** Pending responses to requests from other accounts (for monitoring). */
  public int pendingResponses() {
    return responses.size();
  }

  /**
   * Delivers a message to every matching plain subscription and to one member, picked at random, of
   * each matching queue group (the next member if the picked one cannot take it). Returns the
   * number of deliveries.
   */
  public int route(
      Publisher publisher,
      InternedSubject subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return route(publisher, subject, null, reply, buf, offset, size, headerSize, false, true, true);
  }

  /**
   * {@link #route} of a reply to a request: its subject (the requester's inbox) is not kept in the
   * match cache, where one-off subjects would only push out the ones that repeat.
   */
  public int routeReply(
      Publisher publisher,
      InternedSubject subject,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return route(publisher, subject, null, null, buf, offset, size, headerSize, false, false, true);
  }

  /**
   * Delivers a message to the subscribers of {@code to} as if it had been published on {@code
   * wireSubject}: a JetStream delivery reaches a consumer's deliver subject or pull inbox carrying
   * the message's own subject, as nats-server sends it. Import subscriptions get {@code to}, so an
   * importing account still routes it by the subject it imported. Returns the number of deliveries.
   */
  public int routeAs(
      Publisher publisher,
      InternedSubject to,
      byte[] wireSubject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize,
      boolean cache) {
    return route(
        publisher, to, wireSubject, reply, buf, offset, size, headerSize, false, cache, true);
  }

  /** True if a message on {@code subject} would reach a subscriber. */
  public boolean hasInterest(String subject) {
    return !sublist.match(subject).isEmpty();
  }

  /**
   * Routes a message that arrived through an import or as a response; it is not passed on to
   * further imports, so cycles of imports cannot loop.
   */
  int routeImported(
      InternedSubject subject, byte[] reply, byte[] buf, int offset, int size, int headerSize) {
    return route(null, subject, null, reply, buf, offset, size, headerSize, true, true, true);
  }

  /** {@link #routeImported} of a message its receivers see as {@code wire} (null: as routed). */
  int routeImported(
      InternedSubject subject,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return route(null, subject, wire, reply, buf, offset, size, headerSize, true, true, true);
  }

  /**
   * {@link #routeImported} of a message that came through a stream import: for this node's
   * subscribers only, as every node applies its stream imports to what it receives itself.
   */
  int routeStreamImported(
      InternedSubject subject,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return route(null, subject, wire, reply, buf, offset, size, headerSize, true, true, false);
  }

  private int route(
      Publisher publisher,
      InternedSubject subject,
      byte[] wire, // the subject subscribers see, when not the routed one
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize,
      boolean imported,
      boolean cache,
      boolean mayLeave) { // false: for this node's subscribers only
    // JetStream ack subjects name one delivery each: cached, they would only push out the subjects
    // that repeat.
    String text = subject.text();
    SublistResult<Subscription> result =
        cache && !text.startsWith(ACK_PREFIX) ? sublist.match(text) : sublist.matchOnce(text);
    byte[] routed = subject.bytes();
    if (result.isEmpty()) {
      return 0;
    }
    boolean noEcho = publisher != null && publisher.noEcho(); // null: through an import
    // Other nodes get a message once each, and never one that came from a node (full mesh), nor
    // a JetStream delivery (wire != null: JetStream is not clustered yet).
    // (the thread-local is read only when another node's subscription matched: never without
    // routes)
    boolean mayRoute = mayLeave && wire == null;
    RouteTargets targets = null;
    int delivered = 0;
    for (Subscription s : result.plain()) {
      Subscriber owner = s.owner();
      if ((noEcho && owner == publisher) || (imported && owner.isImport())) {
        continue;
      }
      if (owner instanceof RouteSubscriber r) {
        if (mayRoute && !FROM_ROUTE.get()) {
          targets = RouteTargets.add(targets, r, null);
        }
      } else if (deliver(s, routed, wire, reply, buf, offset, size, headerSize)) {
        delivered++;
      }
    }
    for (List<Subscription> group : result.queueGroups()) {
      // a member on this node first, as nats-server prefers; another node's only if none takes it
      int n = group.size();
      int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
      boolean taken = false;
      int remote = -1;
      for (int i = 0; i < n; i++) {
        Subscription s = group.get((start + i) % n);
        if (s.owner() instanceof RouteSubscriber) {
          remote = remote < 0 ? (start + i) % n : remote;
          continue;
        }
        if (noEcho && s.owner() == publisher) {
          continue;
        }
        if (deliver(s, routed, wire, reply, buf, offset, size, headerSize)) {
          delivered++;
          taken = true;
          break;
        }
      }
      if (!taken && remote >= 0 && mayRoute && !FROM_ROUTE.get()) {
        Subscription s = group.get(remote);
        targets = RouteTargets.add(targets, (RouteSubscriber) s.owner(), s.queue());
      }
    }
    if (targets != null) {
      delivered += targets.forward(this, routed, reply, buf, offset, size, headerSize);
    }
    return delivered;
  }

  /**
   * Delivers a message that came over a route from another node: to every local plain subscription
   * and, of the queue groups, only to those the other node picked this node for ({@code queues});
   * nothing goes to other nodes, through imports neither. Returns the number of deliveries.
   */
  public int routeFromNode(
      Publisher route,
      InternedSubject subject,
      byte[] reply,
      List<String> queues,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    FROM_ROUTE.set(true);
    try {
      SublistResult<Subscription> result = sublist.match(subject.text());
      if (result.isEmpty()) {
        return 0;
      }
      byte[] routed = subject.bytes();
      int delivered = 0;
      for (Subscription s : result.plain()) {
        Subscriber owner = s.owner();
        // a service import is applied where the request came in, never to a routed one
        boolean serviceImport = owner.isImport() && !owner.sharedWithCluster();
        if (!(owner instanceof RouteSubscriber)
            && !serviceImport
            && deliver(s, routed, null, reply, buf, offset, size, headerSize)) {
          delivered++;
        }
      }
      if (!queues.isEmpty()) {
        for (List<Subscription> group : result.queueGroups()) {
          if (!queues.contains(group.get(0).queue())) {
            continue;
          }
          int n = group.size();
          int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
          for (int i = 0; i < n; i++) {
            Subscription s = group.get((start + i) % n);
            if (!(s.owner() instanceof RouteSubscriber)
                && deliver(s, routed, null, reply, buf, offset, size, headerSize)) {
              delivered++;
              break;
            }
          }
        }
      }
      return delivered;
    } finally {
      FROM_ROUTE.set(false);
    }
  }

  private static boolean deliver(
      Subscription s,
      byte[] routed,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return wire == null
        ? s.owner().deliver(s, routed, reply, buf, offset, size, headerSize)
        : s.owner().deliverAs(s, routed, wire, reply, buf, offset, size, headerSize);
  }
}
