package io.tributary.dataplane.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.client.Subscriber;
import io.tributary.dataplane.client.Subscription;

/**
 * The node's statistics in the system account, as nats-server sends them: {@code
 * $SYS.SERVER.<id>.STATSZ} at start, then after 250 ms, 500 ms, … up to the interval, and answers
 * to {@code $SYS.REQ.SERVER.PING} (and {@code .STATSZ}, {@code .VARZ}, and the same for this node's
 * id), so that tools that discover servers and their load through the system account see our nodes.
 */
final class ServerEvents implements Subscriber, AutoCloseable {
  private static final Duration FIRST_DELAY = Duration.ofMillis(250);
  private final SystemPublisher publisher;
  private final Duration interval;
  private final Supplier<Map<String, Object>> statsz;
  private final Supplier<Map<String, Object>> varz;
  private final String statszSubject;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "server-events");
            t.setDaemon(true);
            return t;
          });

  ServerEvents(
      SystemPublisher publisher,
      String serverId,
      Supplier<Map<String, Object>> statsz,
      Supplier<Map<String, Object>> varz,
      Duration interval) {
    this.publisher = publisher;
    this.statsz = statsz;
    this.varz = varz;
    this.statszSubject = "$SYS.SERVER." + serverId + ".STATSZ";
    for (String s :
        List.of(
            "$SYS.REQ.SERVER.PING",
            "$SYS.REQ.SERVER.PING.STATSZ",
            "$SYS.REQ.SERVER." + serverId + ".STATSZ",
            "$SYS.REQ.SERVER.PING.VARZ",
            "$SYS.REQ.SERVER." + serverId + ".VARZ")) {
      Subscription sub = new Subscription(this, s, null, "server-events-" + subscriptions.size());
      subscriptions.add(sub);
      publisher.system().sublist().insert(sub);
    }
    this.interval = interval;
    worker.execute(() -> publishStatsz(FIRST_DELAY));
  }

  // Like nats-server, fast at first (250 ms, doubling) so that watchers see a new node quickly.
  private void publishStatsz(Duration delay) {
    publisher.publish(statszSubject, publisher.envelope("statsz", statsz.get()));
    Duration next =
        delay.multipliedBy(2).compareTo(interval) > 0 ? interval : delay.multipliedBy(2);
    worker.schedule(() -> publishStatsz(next), delay.toMillis(), TimeUnit.MILLISECONDS);
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
    if (reply == null) {
      return true;
    }
    String r = new String(reply, StandardCharsets.UTF_8);
    boolean wantsVarz = sub.subject().endsWith(".VARZ");
    worker.execute(
        () ->
            publisher.publish(
                r,
                wantsVarz
                    ? publisher.envelope("data", varz.get())
                    : publisher.envelope("statsz", statsz.get())));
    return true;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public Account account() {
    return publisher.system();
  }

  @Override
  public void close() {
    subscriptions.forEach(s -> publisher.system().sublist().remove(s));
    worker.shutdownNow();
  }
}
