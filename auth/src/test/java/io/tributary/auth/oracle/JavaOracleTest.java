package io.tributary.auth.oracle;

import static io.tributary.auth.SpecVectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nats.client.AuthHandler;
import io.nats.client.Nats;
import io.nats.jwt.Permission;
import io.nats.jwt.ResponsePermission;
import io.nats.jwt.TimeRange;
import io.nats.jwt.UserClaim;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.Creds;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.UserAuthenticator;

/**
 * Oracle tests against the official Java libraries: jnats ({@code io.nats.client.NKey}, {@code
 * JwtUtils}, creds handling) and jwt-java 1.5.2 ({@code UserClaim}). Both directions: what they
 * make we read, what we make they read.
 */
class JavaOracleTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] NONCE_UTF8 = NONCE.getBytes(StandardCharsets.UTF_8);

  enum KeyKind {
    OPERATOR(NKeyType.OPERATOR),
    ACCOUNT(NKeyType.ACCOUNT),
    USER(NKeyType.USER),
    SERVER(NKeyType.SERVER),
    CLUSTER(NKeyType.CLUSTER);

    final NKeyType ours;

    KeyKind(NKeyType ours) {
      this.ours = ours;
    }

    io.nats.client.NKey create() throws Exception {
      return switch (this) {
        case OPERATOR -> io.nats.client.NKey.createOperator(RANDOM);
        case ACCOUNT -> io.nats.client.NKey.createAccount(RANDOM);
        case USER -> io.nats.client.NKey.createUser(RANDOM);
        case SERVER -> io.nats.client.NKey.createServer(RANDOM);
        case CLUSTER -> io.nats.client.NKey.createCluster(RANDOM);
      };
    }
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void jnatsKeysDecodeAndSignIdentically(KeyKind kind) throws Exception {
    Random r = new Random(kind.ordinal());
    for (int i = 0; i < 20; i++) {
      io.nats.client.NKey theirs = kind.create();
      NKey ours = NKey.fromSeed(new String(theirs.getSeed()), kind.ours);
      assertThat(ours.publicKey()).isEqualTo(new String(theirs.getPublicKey()));
      assertThat(ours.seed()).isEqualTo(new String(theirs.getSeed()));
      byte[] data = new byte[r.nextInt(300)];
      r.nextBytes(data);
      assertThat(ours.sign(data)).isEqualTo(theirs.sign(data));
      assertThat(
              NKey.fromPublicKey(new String(theirs.getPublicKey())).verify(data, theirs.sign(data)))
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void ourKeysDecodeAndVerifyInJnats(KeyKind kind) throws Exception {
    for (int i = 0; i < 20; i++) {
      NKey ours = NKey.generate(kind.ours);
      io.nats.client.NKey theirs = io.nats.client.NKey.fromSeed(ours.seed().toCharArray());
      assertThat(new String(theirs.getPublicKey())).isEqualTo(ours.publicKey());
      io.nats.client.NKey pub = io.nats.client.NKey.fromPublicKey(ours.publicKey().toCharArray());
      byte[] data = ("payload-" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(pub.verify(data, ours.sign(data))).isTrue();
      boolean valid =
          switch (kind) {
            case OPERATOR ->
                io.nats.client.NKey.isValidPublicOperatorKey(ours.publicKey().toCharArray());
            case ACCOUNT ->
                io.nats.client.NKey.isValidPublicAccountKey(ours.publicKey().toCharArray());
            case USER -> io.nats.client.NKey.isValidPublicUserKey(ours.publicKey().toCharArray());
            case SERVER ->
                io.nats.client.NKey.isValidPublicServerKey(ours.publicKey().toCharArray());
            case CLUSTER ->
                io.nats.client.NKey.isValidPublicClusterKey(ours.publicKey().toCharArray());
          };
      assertThat(valid).isTrue();
    }
  }

  @Test
  void specVectorsAgreeWithJnats() throws Exception {
    for (Map.Entry<String, String> e :
        Map.of(OPERATOR_SEED, OPERATOR_PUB, ACCOUNT_SEED, ACCOUNT_PUB, USER_SEED, USER_PUB)
            .entrySet()) {
      assertThat(new String(io.nats.client.NKey.fromSeed(e.getKey().toCharArray()).getPublicKey()))
          .isEqualTo(e.getValue());
    }
    byte[] sig = io.nats.client.NKey.fromSeed(USER_SEED.toCharArray()).sign(NONCE_UTF8);
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(sig))
        .isEqualTo(NONCE_SIG_RAW_URL);
  }

  @Test
  void jnatsUserJwtsAreAcceptedByOurAuthenticator() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acc = op.account("acme");
    io.nats.client.NKey accountKey = io.nats.client.NKey.fromSeed(acc.key.seed().toCharArray());
    io.nats.client.NKey user = io.nats.client.NKey.createUser(RANDOM);
    String userPub = new String(user.getPublicKey());
    String jwt =
        io.nats.client.support.JwtUtils.issueUserJWT(
            accountKey, acc.id(), userPub, "alice", Duration.ofHours(1), "team:a");
    UserClaims claims = JwtCodec.decode(jwt, UserClaims.class);
    assertThat(claims.subject).isEqualTo(userPub);
    assertThat(claims.name).isEqualTo("alice");
    assertThat(claims.accountId()).isEqualTo(acc.id());
    assertThat(claims.nats.subs).isEqualTo(-1);
    assertThat(claims.nats.tags).containsExactly("team:a");
    assertThat(claims.expires)
        .isBetween(Instant.now().getEpochSecond() + 3500, Instant.now().getEpochSecond() + 3700);

    // jnats's own creds text and nonce signature get through our CONNECT checks.
    String creds =
        String.format(
            io.nats.client.support.JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));
    Creds parsed = CredsFile.parse(creds);
    assertThat(parsed.userKey().publicKey()).isEqualTo(userPub);
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(user.sign(NONCE_UTF8));
    var auth =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(op.jwt()), Instant.now().getEpochSecond()));
    AccountClaims account = JwtCodec.decode(acc.jwt(), AccountClaims.class);
    var verdict =
        auth.authenticate(
            new ConnectAttempt(jwt, sig, NONCE_UTF8, null, "STANDARD", Instant.now()),
            id -> account);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
  }

  @Test
  void ourCredsAreReadByJnats() throws Exception {
    TestUser u = new TestOperator().account("a").user("app");
    String jwt = u.jwt();
    AuthHandler handler =
        Nats.staticCredentials(CredsFile.format(jwt, u.key).getBytes(StandardCharsets.UTF_8));
    assertThat(new String(handler.getJWT())).isEqualTo(jwt);
    assertThat(new String(handler.getID())).isEqualTo(u.key.publicKey());
    assertThat(handler.sign(NONCE_UTF8)).isEqualTo(u.key.sign(NONCE_UTF8));
  }

  @Test
  void jwtJavaUserClaimsWithEveryFieldDecode() throws Exception {
    TestAccount acc = new TestOperator().account("acme");
    NKey signer = NKey.generate(NKeyType.ACCOUNT);
    io.nats.client.NKey signerKey = io.nats.client.NKey.fromSeed(signer.seed().toCharArray());
    String userPub = NKey.generate(NKeyType.USER).publicKey();
    UserClaim claim =
        new UserClaim()
            .pub(new Permission().allow("orders.>").deny("orders.secret"))
            .sub(new Permission().allow("_INBOX.>", "work.* q1"))
            .resp(new ResponsePermission().max(2).expires(Duration.ofSeconds(30)))
            .src("10.0.0.0/8", "192.168.1.10/32")
            .timeRanges(List.of(new TimeRange("08:00:00", "18:00:00")))
            .locale("Europe/Berlin")
            .subs(100)
            .payload(65536)
            .bearerToken(true)
            .allowedConnectionTypes("STANDARD", "WEBSOCKET")
            .tags("team:a")
            .issuerAccount(acc.id());
    String jwt =
        io.nats.jwt.JwtUtils.issueUserJWT(
            signerKey, userPub, "svc-a", Duration.ofMinutes(5), null, claim);
    UserClaims c = JwtCodec.decode(jwt, UserClaims.class);
    assertThat(c.name).isEqualTo("svc-a");
    assertThat(c.accountId()).isEqualTo(acc.id());
    assertThat(c.issuer).isEqualTo(signer.publicKey());
    assertThat(c.nats.pub.allow).containsExactly("orders.>");
    assertThat(c.nats.pub.deny).containsExactly("orders.secret");
    assertThat(c.nats.sub.allow).containsExactly("_INBOX.>", "work.* q1");
    assertThat(c.nats.resp.maxMsgs).isEqualTo(2);
    assertThat(c.nats.resp.expiresNanos).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(c.nats.src).containsExactly("10.0.0.0/8", "192.168.1.10/32");
    assertThat(c.nats.times)
        .singleElement()
        .satisfies(t -> assertThat(t.start + "-" + t.end).isEqualTo("08:00:00-18:00:00"));
    assertThat(c.nats.timesLocation).isEqualTo("Europe/Berlin");
    assertThat(c.nats.subs).isEqualTo(100);
    assertThat(c.nats.payload).isEqualTo(65536);
    assertThat(c.nats.bearerToken).isTrue();
    assertThat(c.nats.allowedConnectionTypes).containsExactly("STANDARD", "WEBSOCKET");
    assertThat(c.nats.tags).containsExactly("team:a");
    assertThat(io.nats.jwt.JwtUtils.getClaimBody(JwtCodec.encode(c, signer)))
        .contains("\"times_location\":\"Europe/Berlin\"");
  }
}
