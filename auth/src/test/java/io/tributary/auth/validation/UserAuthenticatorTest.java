package io.tributary.auth.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;

class UserAuthenticatorTest {
  private static final byte[] NONCE = "aBcDeFgHiJkLmNo".getBytes(StandardCharsets.UTF_8);
  private final TestOperator op = new TestOperator();
  private final TestAccount acme = op.account("acme");
  private final Map<String, AccountClaims> accounts = new HashMap<>();

  private Verdict<AuthorizedUser> connect(
      TestUser u, String jwt, InetAddress from, String type, Instant now) {
    accounts.put(acme.id(), JwtCodec.decode(acme.jwt(), AccountClaims.class));
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(u.key.sign(NONCE));
    return new UserAuthenticator(TrustedOperators.fromJwts(List.of(op.jwt()), now.getEpochSecond()))
        .authenticate(new ConnectAttempt(jwt, sig, NONCE, from, type, now), accounts::get);
  }

  private Verdict<AuthorizedUser> connect(TestUser u) {
    return connect(u, u.jwt(), InetAddress.getLoopbackAddress(), "STANDARD", Instant.now());
  }

  @Test
  void acceptsAUserSignedByTheAccount() {
    TestUser u = acme.user("app");
    u.claims.nats.pub.allow("orders.>");
    Verdict<AuthorizedUser> v = connect(u);
    assertThat(v.isAccepted()).isTrue();
    AuthorizedUser a = v.value();
    assertThat(a.accountId()).isEqualTo(acme.id());
    assertThat(a.userKey()).isEqualTo(u.key.publicKey());
    assertThat(a.permissions().pub.allow).containsExactly("orders.>");
    assertThat(a.defaultPermissions()).isFalse();
    assertThat(a.expiresAt()).isNull();
  }

  @Test
  void usesAccountDefaultPermissionsWhenTheUserHasNone() {
    acme.claims.nats.defaultPermissions.sub.allow("public.>");
    AuthorizedUser a = connect(acme.user("app")).value();
    assertThat(a.defaultPermissions()).isTrue();
    assertThat(a.permissions().sub.allow).containsExactly("public.>");
  }

  @Test
  void acceptsBothSignatureEncodings() {
    TestUser u = acme.user("app");
    accounts.put(acme.id(), JwtCodec.decode(acme.jwt(), AccountClaims.class));
    var auth =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(op.jwt()), Instant.now().getEpochSecond()));
    String std = Base64.getEncoder().encodeToString(u.key.sign(NONCE));
    var v =
        auth.authenticate(
            new ConnectAttempt(u.jwt(), std, NONCE, null, "STANDARD", Instant.now()),
            accounts::get);
    assertThat(v.isAccepted()).isTrue();
    var missing =
        auth.authenticate(
            new ConnectAttempt(u.jwt(), null, NONCE, null, "STANDARD", Instant.now()),
            accounts::get);
    assertThat(missing.reason()).isEqualTo(Rejection.MISSING_SIGNATURE);
    var garbage =
        auth.authenticate(
            new ConnectAttempt(u.jwt(), "!!", NONCE, null, "STANDARD", Instant.now()),
            accounts::get);
    assertThat(garbage.reason()).isEqualTo(Rejection.BAD_SIGNATURE);
    String other = Base64.getEncoder().encodeToString(acme.user("x").key.sign(NONCE));
    var wrongKey =
        auth.authenticate(
            new ConnectAttempt(u.jwt(), other, NONCE, null, "STANDARD", Instant.now()),
            accounts::get);
    assertThat(wrongKey.reason()).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void bearerUsersNeedNoSignatureUnlessTheAccountDisallowsBearer() {
    TestUser u = acme.user("bearer");
    u.claims.nats.bearerToken = true;
    accounts.put(acme.id(), JwtCodec.decode(acme.jwt(), AccountClaims.class));
    var auth =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(op.jwt()), Instant.now().getEpochSecond()));
    assertThat(
            auth.authenticate(
                    new ConnectAttempt(u.jwt(), null, NONCE, null, "STANDARD", Instant.now()),
                    accounts::get)
                .isAccepted())
        .isTrue();
    acme.claims.nats.limits.disallowBearer = true;
    assertThat(connect(u).reason()).isEqualTo(Rejection.BEARER_NOT_ALLOWED);
  }

  @Test
  void expiredAndNotYetValidUsers() {
    TestUser u = acme.user("app");
    u.claims.expires = Instant.now().getEpochSecond() - 10;
    assertThat(connect(u).reason()).isEqualTo(Rejection.EXPIRED);
    u.claims.expires = 0;
    u.claims.notBefore = Instant.now().getEpochSecond() + 3600;
    assertThat(connect(u).reason()).isEqualTo(Rejection.NOT_YET_VALID);
    u.claims.notBefore = 0;
    long exp = Instant.now().getEpochSecond() + 3600;
    u.claims.expires = exp;
    assertThat(connect(u).value().expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
  }

  @Test
  void unknownAccountUntrustedOperatorAndUnknownSigner() {
    TestUser u = acme.user("app");
    TestAccount stranger = new TestOperator().account("stranger");
    TestUser su = stranger.user("s");
    accounts.put(stranger.id(), JwtCodec.decode(stranger.jwt(), AccountClaims.class));
    var auth =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(op.jwt()), Instant.now().getEpochSecond()));
    String sig = Base64.getEncoder().encodeToString(su.key.sign(NONCE));
    assertThat(
            auth.authenticate(
                    new ConnectAttempt(su.jwt(), sig, NONCE, null, "STANDARD", Instant.now()),
                    accounts::get)
                .reason())
        .isEqualTo(Rejection.UNTRUSTED_ISSUER);
    assertThat(
            auth.authenticate(
                    new ConnectAttempt(u.jwt(), sig, NONCE, null, "STANDARD", Instant.now()),
                    id -> null)
                .reason())
        .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
    TestUser bySigner = acme.userBySigningKey("k");
    assertThat(connect(bySigner).isAccepted()).isTrue();
    acme.claims.nats.signingKeys.remove(bySigner.signer.publicKey());
    assertThat(connect(bySigner).reason()).isEqualTo(Rejection.UNKNOWN_SIGNER);
  }

  @Test
  void strictOperatorRequiresAccountSigningKeysForUsers() {
    TestOperator strict = new TestOperator(true);
    TestAccount a = strict.account("a");
    TestUser direct = a.user("direct");
    TestUser viaKey = a.userBySigningKey("via");
    Map<String, AccountClaims> accs = Map.of(a.id(), JwtCodec.decode(a.jwt(), AccountClaims.class));
    var auth =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(strict.jwt()), Instant.now().getEpochSecond()));
    assertThat(auth.authenticate(attempt(direct), accs::get).reason())
        .isEqualTo(Rejection.UNKNOWN_SIGNER);
    assertThat(auth.authenticate(attempt(viaKey), accs::get).isAccepted()).isTrue();
  }

  @Test
  void revocationComparesIssuedAtInclusively() {
    TestUser u = acme.user("app");
    long t = Instant.now().getEpochSecond() - 100;
    acme.claims.nats.revocations.revoke(u.key.publicKey(), t);
    assertThat(connect(u, u.jwt(t), null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.REVOKED);
    assertThat(connect(u, u.jwt(t + 1), null, "STANDARD", Instant.now()).isAccepted()).isTrue();
    acme.claims.nats.revocations.revoke("*", t + 5);
    assertThat(connect(u, u.jwt(t + 1), null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.REVOKED);
  }

  @Test
  void sourceNetworksAndConnectionTypes() throws Exception {
    TestUser u = acme.user("app");
    u.claims.nats.src.add("10.0.0.0/8");
    assertThat(
            connect(u, u.jwt(), InetAddress.getByName("10.1.2.3"), "STANDARD", Instant.now())
                .isAccepted())
        .isTrue();
    assertThat(
            connect(u, u.jwt(), InetAddress.getByName("127.0.0.1"), "STANDARD", Instant.now())
                .reason())
        .isEqualTo(Rejection.SOURCE_NOT_ALLOWED);
    assertThat(connect(u, u.jwt(), null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.SOURCE_NOT_ALLOWED);
    u.claims.nats.src.clear();
    u.claims.nats.allowedConnectionTypes.add("websocket");
    assertThat(connect(u).reason()).isEqualTo(Rejection.CONNECTION_TYPE_NOT_ALLOWED);
    assertThat(connect(u, u.jwt(), null, "WEBSOCKET", Instant.now()).isAccepted()).isTrue();
    u.claims.nats.allowedConnectionTypes.set(0, "CARRIER_PIGEON");
    assertThat(connect(u, u.jwt(), null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.CONNECTION_TYPE_NOT_ALLOWED);
  }

  @Test
  void connectWindowsBoundTheConnection() {
    TestUser u = acme.user("app");
    Instant noon = Instant.parse("2026-11-22T12:00:00Z");
    u.claims.nats.times.add(new TimeRange("08:00:00", "18:00:00"));
    u.claims.nats.timesLocation = "UTC";
    Verdict<AuthorizedUser> v = connect(u, u.jwt(), null, "STANDARD", noon);
    assertThat(v.value().expiresAt()).isEqualTo(Instant.parse("2026-11-22T18:00:00Z"));
    assertThat(
            connect(u, u.jwt(), null, "STANDARD", Instant.parse("2026-11-22T19:00:00Z")).reason())
        .isEqualTo(Rejection.OUTSIDE_TIME_WINDOW);
    assertThat(LocalTime.ofInstant(noon, ZoneOffset.UTC)).isEqualTo(LocalTime.NOON);
  }

  @Test
  void scopedUsersGetTheExpandedTemplate() {
    UserPermissionLimits template = new UserPermissionLimits();
    template.pub.allow("app.{{name()}}.>", "team.{{tag(team)}}.>");
    template.sub.allow("_INBOX.>");
    template.subs = 10;
    TestUser bob = acme.scopedUser("bob", "app", template);
    bob.claims.nats.tags.add("team:blue");
    AuthorizedUser a = connect(bob).value();
    assertThat(a.scoped()).isTrue();
    assertThat(a.permissions().pub.allow).containsExactly("app.bob.>", "team.blue.>");
    assertThat(a.limits().subs).isEqualTo(10);

    bob.claims.nats.subs =
        -1; // Go's jnats-style "subs":-1 on a scoped user is refused by nats-server.
    assertThat(connect(bob).reason()).isEqualTo(Rejection.SCOPED_USER_HAS_PERMISSIONS);
  }

  @Test
  void expiredAccountRefusesItsUsers() {
    acme.claims.expires = Instant.now().getEpochSecond() - 5;
    assertThat(connect(acme.user("app")).reason()).isEqualTo(Rejection.ACCOUNT_EXPIRED);
  }

  @Test
  void invalidJwtsAndClaims() {
    TestUser u = acme.user("app");
    assertThat(connect(u, "garbage", null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.INVALID_JWT);
    assertThat(connect(u, acme.jwt(), null, "STANDARD", Instant.now()).reason())
        .isEqualTo(Rejection.INVALID_JWT);
    u.claims.nats.pub.allow("bad..subject");
    assertThat(connect(u).reason()).isEqualTo(Rejection.INVALID_CLAIMS);
  }

  private ConnectAttempt attempt(TestUser u) {
    String sig = Base64.getEncoder().encodeToString(u.key.sign(NONCE));
    return new ConnectAttempt(u.jwt(), sig, NONCE, null, "STANDARD", Instant.now());
  }
}
