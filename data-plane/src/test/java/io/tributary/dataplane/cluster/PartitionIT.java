package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.Await;
import io.tributary.dataplane.testing.TestServer;

/**
 * A partition between two nodes (a TCP proxy on the route that is cut, then healed): interest that
 * changed on either side meanwhile is exact again once the route is back — no lost subscription, no
 * stale one — and messages flow again.
 */
class PartitionIT {
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

  private static TreeSet<String> remoteInterest(TestServer n) {
    TreeSet<String> subjects = new TreeSet<>();
    n.server().cluster().routes(true).forEach(r -> subjects.addAll(r.subscriptionsList()));
    return subjects;
  }

  @Test
  void interestIsExactAfterAPartitionHeals() throws Exception {
    TestServer b =
        TestServer.start(
            o ->
                o.set(NodeSettings.SERVER_NAME, "b")
                    .set(NodeSettings.CLUSTER, "nats-route://127.0.0.1:0")
                    .set(NodeSettings.CLUSTER_NAME, "p"));
    open.add(b);
    TcpProxy proxy = new TcpProxy(b.server().cluster().port());
    open.add(proxy);
    TestServer a =
        TestServer.start(
            o ->
                o.set(NodeSettings.SERVER_NAME, "a")
                    .set(NodeSettings.CLUSTER_NAME, "p")
                    .set(NodeSettings.ROUTES, "nats-route://127.0.0.1:" + proxy.port()));
    open.add(a);
    await("the route", () -> a.server().cluster().routeCount() == 1);

    Connection onB = Nats.connect(b.url());
    open.add(onB::close);
    Subscription keep = onB.subscribe("keep");
    Subscription gone = onB.subscribe("gone");
    onB.flush(Duration.ofSeconds(2));
    await(
        "a knows keep and gone",
        () -> remoteInterest(a).equals(new TreeSet<>(List.of("keep", "gone"))));

    proxy.cut();
    await("a lost the route", () -> a.server().cluster().routeCount() == 0);
    assertThat(remoteInterest(a)).as("no stale interest while cut off").isEmpty();
    gone.unsubscribe();
    Subscription added = onB.subscribe("added");
    onB.flush(Duration.ofSeconds(2));
    proxy.heal();
    await("the route is back", () -> a.server().cluster().routeCount() == 1);
    await(
        "a's view of b's interest is exact",
        () -> remoteInterest(a).equals(new TreeSet<>(List.of("keep", "added"))));

    Connection onA = Nats.connect(a.url());
    open.add(onA::close);
    onA.publish("added", "after".getBytes());
    onA.publish("keep", "after".getBytes());
    onA.publish("gone", "stale".getBytes());
    onA.flush(Duration.ofSeconds(2));
    assertThat(added.nextMessage(Duration.ofSeconds(2))).isNotNull();
    assertThat(keep.nextMessage(Duration.ofSeconds(2))).isNotNull();
    long forwarded = a.server().cluster().routes(false).get(0).outMsgs();
    assertThat(forwarded).as("nothing forwarded for the stale subject").isEqualTo(2);
  }
}
