package io.tributary.dataplane.memory;

import static io.tributary.auth.testing.CredsClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.memory.MemoryBudget.Pool;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.RawClient;
import io.tributary.dataplane.testing.TestServer;

/**
 * The node's memory budget protects the other tenants: an account that subscribes without end is
 * refused at its share (nats-server's "maximum subscriptions exceeded", the connection stays), an
 * account whose readers stall is cut off at its share of direct memory, and the other accounts keep
 * subscribing, publishing and requesting throughout. What was charged is given back.
 */
class MemoryBudgetIT {
  private static final String MAX_SUBS = "maximum subscriptions exceeded";

  @TempDir Path dir;

  @Test
  void aTenantThatSubscribesWithoutEndIsRefusedAtItsShare() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount greedy = op.account("greedy");
    TestAccount other = op.account("other");
    List<TestAccount> all = List.of(op.system, greedy, other);
    long heap = 16L << 20;
    Path preload = OperatorMode.preload(dir, "p", all);
    try (TestServer node =
            TestServer.start(
                b ->
                    OperatorMode.options(b, op, dir.resolve("resolver"), preload)
                        .set(NodeSettings.HEAP_BUDGET, heap)
                        .set(NodeSettings.ACCOUNT_MEMORY_SHARE, 25));
        Connection bystander = connect(node.url(), other.user("b").creds());
        Connection responder = connect(node.url(), other.user("r").creds())) {
      MemoryBudget budget = node.server().memory();
      Dispatcher svc =
          responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
      svc.subscribe("svc");
      responder.flush(Duration.ofSeconds(2));

      List<String> errors = new CopyOnWriteArrayList<>();
      int asked = 30_000; // ~10 MB of subscriptions against a 4 MB share
      int before = node.server().accounts().get(greedy.id()).sublist().count(); // the node's own
      try (Connection flooder =
          connect(node.url(), greedy.user("g").creds(), errors, new CountDownLatch(1))) {
        Dispatcher d = flooder.createDispatcher(m -> {});
        for (int i = 0; i < asked; i++) {
          d.subscribe("flood." + i);
          if (i % 5_000 == 0) {
            // The other tenant works while the flood goes on.
            assertThat(bystander.request("svc", new byte[] {1}, Duration.ofSeconds(2))).isNotNull();
          }
        }
        flooder.flush(Duration.ofSeconds(10));
        assertThat(flooder.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        int held = node.server().accounts().get(greedy.id()).sublist().count() - before;
        assertThat(held).isBetween(1, asked - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (errors.size() < asked - held && System.nanoTime() < deadline) {
          Thread.sleep(20); // jnats reports the -ERR lines on its own thread
        }
        assertThat(errors).hasSize(asked - held).allMatch(MAX_SUBS::equals);
        assertThat(node.server().accounts().get(greedy.id()).memory().held(Pool.HEAP))
            .isLessThanOrEqualTo(budget.perAccount(Pool.HEAP));

        // The other account still subscribes (its own share) and gets its messages.
        Subscription sub = bystander.subscribe("news");
        for (int i = 0; i < 1_000; i++) {
          bystander.subscribe("more." + i);
        }
        bystander.flush(Duration.ofSeconds(2));
        responder.publish("news", new byte[] {2});
        assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
        assertThat(bystander.request("svc", new byte[] {3}, Duration.ofSeconds(2))).isNotNull();
      }
      // The flooder's subscriptions are given back when it leaves; the bystander's remain.
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (node.server().accounts().get(greedy.id()).memory().held(Pool.HEAP) > 0
          && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(node.server().accounts().get(greedy.id()).memory().held(Pool.HEAP)).isZero();
      assertThat(budget.used(Pool.HEAP)).isPositive();
    }
  }

  @Test
  void readersThatStallAreCutOffAtTheDirectMemoryBudget() throws Exception {
    long direct = 4L << 20;
    try (TestServer s =
            TestServer.start(
                b ->
                    b.set(NodeSettings.DIRECT_BUDGET, direct)
                        .set(NodeSettings.ACCOUNT_MEMORY_SHARE, 100));
        RawClient stalled = RawClient.stalledSubscriber(s.port(), "flood");
        Connection pub = Nats.connect(new Options.Builder().server(s.url()).build());
        Connection healthy = Nats.connect(new Options.Builder().server(s.url()).build())) {
      Subscription sub = healthy.subscribe("other");
      healthy.flush(Duration.ofSeconds(1));
      byte[] payload = new byte[64 * 1024];
      // max_pending is 64 MB; the 4 MB budget stops the stalled reader long before that.
      long published = 0;
      for (int i = 0; i < 1000 && s.server().stats().slowConsumers() == 0; i++) {
        pub.publish("flood", payload);
        published += payload.length;
        if (i % 20 == 0) {
          pub.flush(Duration.ofSeconds(2));
        }
      }
      pub.flush(Duration.ofSeconds(2));
      assertThat(s.server().stats().slowConsumers()).isEqualTo(1);
      // Cut off after the budget plus what the sockets' kernel buffers took, far below max_pending.
      assertThat(published).isLessThan(24L << 20);
      pub.publish("other", new byte[] {1});
      assertThat(sub.nextMessage(Duration.ofSeconds(2))).isNotNull();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (s.server().memory().used(Pool.DIRECT) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.server().memory().used(Pool.DIRECT)).isZero();
    }
  }
}
