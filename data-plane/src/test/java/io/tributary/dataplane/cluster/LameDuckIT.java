package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.Await;
import io.tributary.dataplane.testing.TestServer;

/**
 * Lame-duck mode in a cluster: the node stops accepting clients, tells them ({@code ldm}) and the
 * other node, and closes its clients over the lame-duck duration; a jnats publisher with a
 * reconnect buffer moves to the other node and not one of its messages is lost.
 */
class LameDuckIT {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(15), condition);
  }

  @Test
  void clientsMoveToTheOtherNodeWithoutLosingMessages() throws Exception {
    TestServer a =
        TestServer.start(
            b ->
                b.set(NodeSettings.SERVER_NAME, "a")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "ldm")
                    .set(NodeSettings.LAME_DUCK_GRACE_PERIOD, Duration.ofMillis(300))
                    .set(NodeSettings.LAME_DUCK_DURATION, Duration.ofSeconds(1)));
    open.add(a);
    TestServer b =
        TestServer.start(
            o ->
                o.set(NodeSettings.SERVER_NAME, "b")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "ldm")
                    .set(
                        NodeSettings.ROUTES,
                        "nats-route://127.0.0.1:" + a.server().cluster().port()));
    open.add(b);
    await("the route", () -> a.server().cluster().routeCount() == 1);

    Connection subscriber = Nats.connect(b.url());
    open.add(subscriber::close);
    Set<String> received = ConcurrentHashMap.newKeySet();
    subscriber.createDispatcher(m -> received.add(new String(m.getData()))).subscribe("ticks");
    subscriber.flush(Duration.ofSeconds(2));
    await("b's interest on a", () -> a.server().cluster().routes(false).get(0).subscriptions() > 0);

    List<ConnectionListener.Events> events = new CopyOnWriteArrayList<>();
    Connection publisher =
        Nats.connect(
            new Options.Builder()
                .server(a.url())
                .reconnectWait(Duration.ofMillis(50))
                .maxReconnects(-1)
                .connectionListener((conn, event) -> events.add(event))
                .build());
    open.add(publisher::close);
    await("b's URL learned", () -> publisher.getServers().size() >= 2);

    Thread lameDuck = new Thread(a.server()::lameDuck, "lame-duck");
    int sent = 0;
    long started = System.nanoTime();
    lameDuck.start();
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3)) {
      publisher.publish("ticks", String.valueOf(sent++).getBytes());
      Thread.sleep(1);
    }
    lameDuck.join(10_000);
    publisher.flush(Duration.ofSeconds(5));
    int total = sent;
    try {
      await("every message at b", () -> received.size() == total);
    } catch (AssertionError e) {
      java.util.List<Integer> missing = new java.util.ArrayList<>();
      for (int i = 0; i < total; i++) {
        if (!received.contains(String.valueOf(i))) {
          missing.add(i);
        }
      }
      throw new AssertionError(
          "missing " + missing.size() + " of " + total + ": " + missing + "; events " + events, e);
    }
    assertThat(events)
        .contains(ConnectionListener.Events.LAME_DUCK, ConnectionListener.Events.RECONNECTED);
    assertThat(publisher.getConnectedUrl()).contains(":" + b.port());
    assertThat(a.server().connectionCount()).isZero();
    System.out.printf("lame duck: %d messages published across the move, all received%n", total);
  }
}
