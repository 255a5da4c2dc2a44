package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * The JWT subscription and payload limits (user, scope and account), at connect and when lowered on
 * live connections, on nats-server and on our node with the same JWTs.
 */
class JwtLimitsIT {
  private static final String MAX_SUBS = "maximum subscriptions exceeded";

  @TempDir Path dir;

  @Test
  void limitsAtConnectMatchNatsServer() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount small = op.account("small");
    small.claims.nats.limits.payload = 4;
    small.claims.nats.limits.subs = 2;
    TestAccount big = op.account("big");
    TestUser oneSub = big.user("one-sub");
    oneSub.claims.nats.subs = 1;
    TestUser noSubs = big.user("no-subs");
    noSubs.claims.nats.subs = 0; // an absent limit in a JWT is 0
    List<TestAccount> all = List.of(op.system, small, big);
    try (TestServer node =
            OperatorMode.node(op, dir.resolve("r"), OperatorMode.preload(dir, "p", all));
        NatsServerProcess ref = OperatorMode.reference(op, dir, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection nc = connect(url, small.user("u").creds(), errors, new CountDownLatch(1))) {
          nc.flush(Duration.ofSeconds(1));
          assertThat(nc.getServerInfo().getMaxPayload())
              .as(url + ": INFO after CONNECT")
              .isEqualTo(4);
          for (int i = 0; i < 3; i++) {
            nc.subscribe("s." + i);
          }
          nc.flush(Duration.ofSeconds(1));
          assertThat(CredsClient.awaitErrors(errors, 1))
              .as(url + ": account subs")
              .containsExactly(MAX_SUBS);
          assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }

        errors.clear();
        try (Connection nc = connect(url, oneSub.creds(), errors, new CountDownLatch(1))) {
          nc.subscribe("a");
          nc.subscribe("b");
          nc.flush(Duration.ofSeconds(1));
          assertThat(CredsClient.awaitErrors(errors, 1))
              .as(url + ": user subs")
              .containsExactly(MAX_SUBS);
          assertThat(nc.getServerInfo().getMaxPayload()).isEqualTo(1024 * 1024);
        }

        errors.clear();
        CountDownLatch closed = new CountDownLatch(1);
        try (Connection nc = connect(url, noSubs.creds(), errors, closed)) {
          assertThat(closed.await(5, TimeUnit.SECONDS)).as(url + ": subs 0 closes").isTrue();
          assertThat(errors).as(url).contains(MAX_SUBS);
        } catch (Exception refusedWhileConnecting) {
          assertThat(errors).as(url).contains(MAX_SUBS);
        }
      }
    }
  }

  @Test
  void loweredLimitsReachLiveConnections() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acct = op.account("acct");
    List<TestAccount> all = List.of(op.system, acct);
    try (TestServer node =
            OperatorMode.node(op, dir.resolve("r2"), OperatorMode.preload(dir, "p2", all));
        NatsServerProcess ref = OperatorMode.reference(op, dir, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        acct.claims.nats.limits.subs = -1; // as preloaded
        acct.claims.nats.limits.payload = -1;
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        List<String> bystanderErrors = new CopyOnWriteArrayList<>();
        try (Connection heavy = connect(url, acct.user("heavy").creds(), errors, closed);
            Connection light =
                connect(url, acct.user("light").creds(), bystanderErrors, new CountDownLatch(1))) {
          heavy.subscribe("x.1");
          heavy.subscribe("x.2");
          heavy.subscribe("x.3");
          heavy.flush(Duration.ofSeconds(1));
          acct.claims.nats.limits.subs = 2;
          acct.claims.nats.limits.payload = 16;
          push(url, op, acct);
          assertThat(closed.await(5, TimeUnit.SECONDS)).as(url + ": over the new limit").isTrue();
          assertThat(errors).as(url).contains(MAX_SUBS);
          light.flush(Duration.ofSeconds(1));
          assertThat(light.getStatus()).as(url).isEqualTo(Connection.Status.CONNECTED);
          assertThat(bystanderErrors).as(url).isEmpty();
          if (url.equals(node.url())) {
            // Our node announces the new payload limit at once; nats-server only in a later INFO.
            assertThat(light.getServerInfo().getMaxPayload()).isEqualTo(16);
          }
        }
      }
    }
  }

  /**
   * Negative limits other than -1 (no limit) are not "unlimited": nats-server compares against them
   * as numbers, so an account with {@code conn: -2} admits nobody and {@code subs: -2} no
   * subscription. Our node does the same.
   */
  @Test
  void negativeLimitsOtherThanMinusOneAreLimits() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount noConns = op.account("no-conns");
    noConns.claims.nats.limits.conn = -2;
    TestAccount noSubs = op.account("no-subs");
    noSubs.claims.nats.limits.subs = -2;
    List<TestAccount> all = List.of(op.system, noConns, noSubs);
    try (TestServer node =
            OperatorMode.node(op, dir.resolve("r3"), OperatorMode.preload(dir, "p3", all));
        NatsServerProcess ref = OperatorMode.reference(op, dir, all)) {
      for (String url : List.of(ref.url(), node.url())) {
        assertThat(CredsClient.outcome(url, noConns.user("u").creds()))
            .as(url + ": conn -2")
            .isEqualTo("maximum account active connections exceeded");
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (Connection nc = connect(url, noSubs.user("s").creds(), errors, closed)) {
          nc.subscribe("a");
          nc.flush(Duration.ofSeconds(1));
          assertThat(CredsClient.awaitErrors(errors, 1)).as(url + ": subs -2").contains(MAX_SUBS);
        } catch (Exception refusedWhileConnecting) {
          assertThat(errors).as(url + ": subs -2").contains(MAX_SUBS);
        }
      }
    }
  }

  private static void push(String url, TestOperator op, TestAccount acct) throws Exception {
    try (Connection sys =
        connect(
            url,
            op.system.user("sys").creds(),
            new CopyOnWriteArrayList<>(),
            new CountDownLatch(1))) {
      Message reply =
          sys.request(
              "$SYS.REQ.ACCOUNT." + acct.id() + ".CLAIMS.UPDATE",
              acct.jwt().getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(5));
      assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("jwt updated");
    }
  }
}
