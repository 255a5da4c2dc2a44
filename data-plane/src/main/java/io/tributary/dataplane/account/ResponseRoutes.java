package io.tributary.dataplane.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.auth.claims.Export;
import io.tributary.dataplane.protocol.InternedSubject;

/**
 * The way back for responses to requests that came in through service imports. A request forwarded
 * into this (exporting) account gets a reply subject {@code _R_.<prefix>.<n>} of this account in
 * place of the requester's own, so the responder never sees the requester's account or inbox; a
 * response published there is routed to the requester's reply subject in the importing account. A
 * {@code Singleton} route ends with its first response, {@code Stream} and {@code Chunked} routes
 * at the export's response threshold (default 2 minutes, as in nats-server); a route with no
 * response by then is dropped.
 */
final class ResponseRoutes implements Subscriber {
  private static final long DEFAULT_THRESHOLD_NANOS = Duration.ofMinutes(2).toNanos();
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private record Route(Account importer, InternedSubject reply, boolean singleton, long deadline) {}

  private final Account exporter;
  private final String prefix = "_R_." + randomToken() + ".";
  private final AtomicLong next = new AtomicLong();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private volatile Subscription subscription; // inserted with the first route

  ResponseRoutes(Account exporter) {
    this.exporter = exporter;
  }

  /** A new reply subject in this account that leads back to {@code reply} in {@code importer}. */
  byte[] open(Account importer, byte[] reply, Export export) {
    if (subscription == null) {
      subscribe();
    }
    String subject = prefix + Long.toString(next.incrementAndGet(), 36);
    long threshold =
        export.responseThresholdNanos > 0 ? export.responseThresholdNanos : DEFAULT_THRESHOLD_NANOS;
    boolean singleton =
        export.responseType == null
            || export.responseType.isEmpty()
            || export.responseType.equals(Export.RESPONSE_SINGLETON);
    InternedSubject back =
        new InternedSubject(new String(reply, StandardCharsets.UTF_8), reply.clone());
    routes.put(subject, new Route(importer, back, singleton, System.nanoTime() + threshold));
    return subject.getBytes(StandardCharsets.US_ASCII);
  }

  /** Drops a route that no responder received. */
  void cancel(byte[] subject) {
    routes.remove(new String(subject, StandardCharsets.US_ASCII));
  }

  /** Drops routes past their threshold. */
  void sweep(long nowNanos) {
    routes.values().removeIf(r -> nowNanos - r.deadline() > 0);
  }

  int size() {
    return routes.size();
  }

  private synchronized void subscribe() {
    if (subscription == null) {
      Subscription s = new Subscription(this, prefix + ">", null, "responses");
      exporter.subscribe(s);
      subscription = s;
    }
  }

  /** Removes the internal subscription (the account is gone). */
  synchronized void close() {
    if (subscription != null) {
      exporter.unsubscribe(subscription);
      subscription = null;
    }
    routes.clear();
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
    return deliverAs(sub, subject, null, reply, buf, offset, size, headerSize);
  }

  // A response; `wire` (a JetStream delivery's own subject) is passed on to the requester.
  @Override
  public boolean deliverAs(
      Subscription sub,
      byte[] subject,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    String key = new String(subject, StandardCharsets.US_ASCII);
    Route route = routes.get(key);
    if (route == null) {
      return false;
    }
    if (System.nanoTime() - route.deadline() > 0
        || (route.singleton() && !routes.remove(key, route))) {
      routes.remove(key, route);
      return false;
    }
    return route.importer().routeImported(route.reply(), wire, reply, buf, offset, size, headerSize)
        > 0;
  }

  @Override
  public boolean isImport() {
    return true;
  }

  /**
   * The other nodes learn of the reply subjects (nats-server propagates its {@code _R_}
   * subscriptions too): a responder on another node answers the requester on this one.
   */
  @Override
  public boolean sharedWithCluster() {
    return true;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public Account account() {
    return exporter;
  }

  private static String randomToken() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder b = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
