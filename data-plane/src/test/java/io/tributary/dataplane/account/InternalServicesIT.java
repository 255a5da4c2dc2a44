package io.tributary.dataplane.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.protocol.Headers.Builder;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * Node-internal services in accounts ({@link AccountServices}, the seam {@code $JS.API.>} uses): an
 * echo service answers in the global account outside operator mode, follows accounts loaded at
 * start, pushed later and deleted, and stays inside each account.
 */
class InternalServicesIT {
  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor();
  @TempDir static Path dir;

  @AfterAll
  static void stop() {
    WORKER.shutdownNow();
  }

  /** Echoes each request's payload and headers back, adding which account answered. */
  private static AccountServices echo(Predicate<Account> which) {
    return new AccountServices(
        "echo",
        which,
        WORKER,
        client ->
            client.subscribe(
                "echo.>",
                m -> {
                  Builder h = io.tributary.dataplane.protocol.Headers.builder();
                  var in = m.parsedHeaders();
                  in.keys().forEach(k -> in.values(k).forEach(v -> h.add(k, v)));
                  h.add("Answered-In", client.account().name());
                  client.publish(m.reply(), null, h.build(), m.payload());
                }));
  }

  private static Message request(Connection nc, String subject, String body) throws Exception {
    Headers h = new Headers().add("Trace", "t1", "t2");
    return nc.request(
            NatsMessage.builder()
                .subject(subject)
                .headers(h)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build())
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void aServiceAnswersInTheGlobalAccount() throws Exception {
    try (TestServer s = TestServer.start();
        AccountServices service = echo(a -> true);
        Connection nc = Nats.connect(s.url())) {
      s.server().accounts().addListener(service);
      Message r = request(nc, "echo.hello", "ping");
      assertThat(new String(r.getData(), StandardCharsets.UTF_8)).isEqualTo("ping");
      assertThat(r.getHeaders().get("Trace")).containsExactly("t1", "t2");
      assertThat(r.getHeaders().getFirst("Answered-In")).isEqualTo(Account.GLOBAL);
      service.close();
      assertThatThrownBy(() -> request(nc, "echo.hello", "ping"))
          .as("closed: its subscriptions are gone, so no responders")
          .isInstanceOfAny(ExecutionException.class, CancellationException.class);
    }
  }

  @Test
  void aServiceFollowsAccountsAsTheyComeAndGo() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount early = op.account("early");
    TestAccount late = op.account("late");
    Path preload = OperatorMode.preload(dir, "preload", List.of(op.system, early));
    try (TestServer s = OperatorMode.node(op, dir.resolve("resolver"), preload);
        AccountServices service = echo(a -> !a.name().equals(op.system.id()));
        Connection sys = CredsClient.connect(s.url(), op.system.user("sys").creds());
        Connection e = CredsClient.connect(s.url(), early.user("e").creds())) {
      s.server().accounts().addListener(service);
      assertThat(request(e, "echo.x", "1").getHeaders().getFirst("Answered-In"))
          .as("an account loaded at start")
          .isEqualTo(early.id());
      assertThat(service.client(s.server().accounts().get(op.system.id())))
          .as("accounts that do not qualify do not get it")
          .isNull();

      sys.request("$SYS.REQ.CLAIMS.UPDATE", late.jwt().getBytes(), Duration.ofSeconds(5));
      try (Connection l = CredsClient.connect(s.url(), late.user("l").creds())) {
        assertThat(request(l, "echo.x", "2").getHeaders().getFirst("Answered-In"))
            .as("an account pushed later, answered in its own account")
            .isEqualTo(late.id());
      }

      Account lateAccount = s.server().accounts().get(late.id());
      assertThat(service.client(lateAccount)).isNotNull();
      GenericClaims del = new GenericClaims(op.key.publicKey());
      del.nats.put("accounts", List.of(late.id()));
      sys.request(
          "$SYS.REQ.CLAIMS.DELETE", JwtCodec.encode(del, op.key).getBytes(), Duration.ofSeconds(5));
      // The resolver answers after the registry told its listeners.
      assertThat(service.client(lateAccount)).as("gone with its account").isNull();
      assertThat(lateAccount.sublist().count()).as("its subscriptions removed").isZero();
      assertThat(request(e, "echo.x", "3").getData())
          .as("others keep it")
          .isEqualTo("3".getBytes());
    }
  }
}
