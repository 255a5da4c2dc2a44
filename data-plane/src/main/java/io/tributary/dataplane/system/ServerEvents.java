package io.tributary.dataplane.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tributary.dataplane.account.InternalClient;

/**
 * The node's statistics in the system account, as nats-server sends them: {@code
 * $SYS.SERVER.<id>.STATSZ} at start, then after 250 ms, 500 ms, … up to the interval, and answers
 * to {@code $SYS.REQ.SERVER.PING} (and {@code .STATSZ}, {@code .VARZ}, and the same for this node's
 * id), so that tools that discover servers and their load through the system account see our nodes.
 */
final class ServerEvents {
  private static final Duration FIRST_DELAY = Duration.ofMillis(250);
  private final SystemPublisher publisher;
  private final Duration interval;
  private final Supplier<Map<String, Object>> statsz;
  private final Supplier<Map<String, Object>> varz;
  private final String statszSubject;
  private final ScheduledExecutorService worker;

  /** Subscribes the request subjects and starts publishing STATSZ on {@code worker}. */
  ServerEvents(
      SystemPublisher publisher,
      String serverId,
      Supplier<Map<String, Object>> statsz,
      Supplier<Map<String, Object>> varz,
      Duration interval,
      ScheduledExecutorService worker) {
    this.publisher = publisher;
    this.statsz = statsz;
    this.varz = varz;
    this.statszSubject = "$SYS.SERVER." + serverId + ".STATSZ";
    this.interval = interval;
    this.worker = worker;
    for (String s :
        List.of(
            "$SYS.REQ.SERVER.PING",
            "$SYS.REQ.SERVER.PING.STATSZ",
            "$SYS.REQ.SERVER." + serverId + ".STATSZ",
            "$SYS.REQ.SERVER.PING.VARZ",
            "$SYS.REQ.SERVER." + serverId + ".VARZ")) {
      publisher.client().subscribe(s, this::answer);
    }
    worker.execute(() -> publishStatsz(FIRST_DELAY));
  }

  // Like nats-server, fast at first (250 ms, doubling) so that watchers see a new node quickly.
  private void publishStatsz(Duration delay) {
    publisher.publish(statszSubject, publisher.envelope("statsz", statsz.get()));
    Duration next =
        delay.multipliedBy(2).compareTo(interval) > 0 ? interval : delay.multipliedBy(2);
    worker.schedule(() -> publishStatsz(next), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void answer(InternalClient.Message m) {
    if (m.reply() == null) {
      return;
    }
    boolean wantsVarz = m.subscription().endsWith(".VARZ");
    publisher.publish(
        m.reply(),
        wantsVarz
            ? publisher.envelope("data", varz.get())
            : publisher.envelope("statsz", statsz.get()));
  }
}
