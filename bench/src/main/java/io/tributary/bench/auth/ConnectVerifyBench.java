package io.tributary.bench.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.UserAuthenticator;
import io.tributary.auth.validation.Verdict;

/**
 * What every client connect costs in operator mode: decode and verify the user JWT, run the CONNECT
 * checks, and verify the nonce signature ({@code connect}). The parts are measured alone too, and
 * jnats's Ed25519 verify is the reference for the signature check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConnectVerifyBench {
  private UserAuthenticator authenticator;
  private AccountClaims account;
  private ConnectAttempt attempt;
  private String userJwt;
  private NKey userPublic;
  private byte[] nonce;
  private byte[] signature;
  private io.nats.client.NKey jnatsUserPublic;

  @Setup
  public void setUp() throws Exception {
    NKey operator = NKey.generate(NKeyType.OPERATOR);
    NKey accountKey = NKey.generate(NKeyType.ACCOUNT);
    NKey user = NKey.generate(NKeyType.USER);
    String operatorJwt =
        JwtCodec.encode(OperatorClaims.create(operator.publicKey(), "op"), operator);
    account = AccountClaims.create(accountKey.publicKey(), "acme");
    JwtCodec.encode(account, operator);
    UserClaims u = UserClaims.create(user.publicKey(), "app");
    u.nats.pub.allow("orders.>", "_INBOX.>");
    u.nats.sub.allow("orders.*", "_INBOX.>");
    userJwt = JwtCodec.encode(u, accountKey);
    nonce = "aBcDeFgHiJkLmNo".getBytes(StandardCharsets.UTF_8);
    signature = user.sign(nonce);
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    authenticator =
        new UserAuthenticator(
            TrustedOperators.fromJwts(List.of(operatorJwt), Instant.now().getEpochSecond()));
    attempt = new ConnectAttempt(userJwt, sig, nonce, null, "STANDARD", Instant.now());
    userPublic = NKey.fromPublicKey(user.publicKey());
    jnatsUserPublic = io.nats.client.NKey.fromPublicKey(user.publicKey().toCharArray());
    if (!connect().isAccepted()) {
      throw new IllegalStateException("the benchmark user must be accepted: " + connect());
    }
  }

  /**
   * User JWT decode and signature check, CONNECT checks, nonce signature check: the whole connect.
   */
  @Benchmark
  public Verdict<AuthorizedUser> connect() {
    return authenticator.authenticate(attempt, id -> account);
  }

  /** Decoding and verifying the user JWT alone. */
  @Benchmark
  public UserClaims decodeUserJwt() {
    return JwtCodec.decode(userJwt, UserClaims.class);
  }

  /** Verifying the nonce signature alone. */
  @Benchmark
  public boolean verifyNonce() {
    return NKey.fromPublicKey(userPublic.publicKey()).verify(nonce, signature);
  }

  /** Reference: jnats verifying the same nonce signature. */
  @Benchmark
  public boolean verifyNonceJnats() throws Exception {
    return jnatsUserPublic.verify(nonce, signature);
  }
}
