package io.tributary.auth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.UserAuthenticator;

/**
 * End to end against the real thing: Debian's nats-server in operator mode, configured with an
 * operator and accounts made by auth/, and jnats connecting with creds files written by auth/. Each
 * outcome is also compared with our own {@link UserAuthenticator}'s verdict for the same user.
 */
class NatsServerOperatorModeIT {
  private static final TestOperator OP = new TestOperator();
  private static final TestAccount ACME = OP.account("acme");
  private static final TestAccount STRANGER = new TestOperator().account("stranger");
  private static final TestUser GOOD = ACME.user("good");
  private static final TestUser EXPIRED = ACME.user("expired");
  private static final TestUser REVOKED = ACME.user("revoked");
  private static final TestUser VIA_KEY = ACME.userBySigningKey("via-key");
  private static final TestUser SCOPED = scoped();
  private static final TestUser UNTRUSTED = STRANGER.user("untrusted");
  private static final long NOW = Instant.now().getEpochSecond();
  private static final String REVOKED_JWT;
  private static NatsServerProcess server;

  static {
    EXPIRED.claims.expires = NOW - 60;
    REVOKED_JWT = REVOKED.jwt(NOW - 120);
    ACME.claims.nats.revocations.revoke(REVOKED.key.publicKey(), NOW - 60);
  }

  @TempDir static Path dir;

  private static TestUser scoped() {
    UserPermissionLimits t = new UserPermissionLimits();
    t.pub.allow("scoped.{{name()}}.>");
    t.sub.allow("scoped.{{name()}}.>", "_INBOX.>");
    return ACME.scopedUser("bob", "app", t);
  }

  @BeforeAll
  static void startServer() throws IOException {
    Path operatorJwt = Files.writeString(dir.resolve("operator.jwt"), OP.jwt());
    server =
        NatsServerProcess.start(
            "operator: \""
                + operatorJwt
                + "\"\n"
                + "system_account: "
                + OP.system.id()
                + "\n"
                + "resolver: MEMORY\n"
                + NatsServerProcess.preload(List.of(OP.system, ACME, STRANGER)));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aUserWithCredsFromAuthConnectsAndMessagesFlow() throws Exception {
    try (Connection nc = CredsClient.connect(server.url(), GOOD.creds())) {
      Subscription sub = nc.subscribe("orders.new");
      nc.flush(Duration.ofSeconds(2));
      nc.publish("orders.new", "hello".getBytes(StandardCharsets.UTF_8));
      Message m = sub.nextMessage(Duration.ofSeconds(2));
      assertThat(m).isNotNull();
      assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(nc.getServerInfo().getNonce()).hasSize(15);
    }
    assertThat(ourVerdict(GOOD, GOOD.jwt())).isTrue();
  }

  @Test
  void aUserSignedByAnAccountSigningKeyConnects() throws Exception {
    try (Connection nc = CredsClient.connect(server.url(), VIA_KEY.creds())) {
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
    assertThat(ourVerdict(VIA_KEY, VIA_KEY.jwt())).isTrue();
  }

  @Test
  void aScopedUserGetsTheTemplatePermissions() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    try (Connection nc = CredsClient.connect(server.url(), SCOPED.creds(), errors)) {
      Subscription own = nc.subscribe("scoped.bob.x");
      nc.flush(Duration.ofSeconds(2));
      nc.publish("scoped.bob.x", new byte[] {1});
      assertThat(own.nextMessage(Duration.ofSeconds(2))).isNotNull();
      nc.publish("elsewhere", new byte[] {1});
      nc.flush(Duration.ofSeconds(2));
      awaitError(errors, "Permissions Violation for Publish to \"elsewhere\"");
    }
    assertThat(ourVerdict(SCOPED, SCOPED.jwt())).isTrue();
  }

  @Test
  void anExpiredUserIsRefused() {
    assertRefused(EXPIRED.creds());
    assertThat(ourVerdict(EXPIRED, EXPIRED.jwt())).isFalse();
  }

  @Test
  void aRevokedUserIsRefused() {
    assertRefused(io.tributary.auth.creds.CredsFile.format(REVOKED_JWT, REVOKED.key));
    assertThat(ourVerdict(REVOKED, REVOKED_JWT)).isFalse();
  }

  @Test
  void aUserOfAnUntrustedAccountIsRefused() {
    assertRefused(UNTRUSTED.creds());
    assertThat(ourVerdict(UNTRUSTED, UNTRUSTED.jwt())).isFalse();
  }

  private static boolean ourVerdict(TestUser u, String jwt) {
    Map<String, AccountClaims> accounts =
        Map.of(
            ACME.id(), JwtCodec.decode(ACME.jwt(), AccountClaims.class),
            STRANGER.id(), JwtCodec.decode(STRANGER.jwt(), AccountClaims.class));
    byte[] nonce = "0123456789abcde".getBytes(StandardCharsets.UTF_8);
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(u.key.sign(nonce));
    return new UserAuthenticator(TrustedOperators.fromJwts(List.of(OP.jwt()), NOW))
        .authenticate(
            new ConnectAttempt(
                jwt, sig, nonce, InetAddress.getLoopbackAddress(), "STANDARD", Instant.now()),
            accounts::get)
        .isAccepted();
  }

  private static void assertRefused(String creds) {
    List<String> errors = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> CredsClient.connect(server.url(), creds, errors).close())
        .isInstanceOf(IOException.class);
    assertThat(errors).anyMatch(e -> e.contains("Authorization Violation"));
  }

  private static void awaitError(List<String> errors, String expected) throws InterruptedException {
    for (int i = 0; i < 40 && errors.stream().noneMatch(e -> e.contains(expected)); i++) {
      Thread.sleep(50);
    }
    assertThat(errors).anyMatch(e -> e.contains(expected));
  }
}
