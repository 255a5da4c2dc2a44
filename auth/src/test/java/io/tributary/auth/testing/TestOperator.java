package io.tributary.auth.testing;

import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

/**
 * A throwaway operator for tests, with one signing key and a system account. Claims are mutable:
 * change them and call {@link #jwt()} again. Published in the auth test-jar for other modules'
 * tests.
 */
public final class TestOperator {
  public final NKey key = NKey.generate(NKeyType.OPERATOR);
  public final NKey signingKey = NKey.generate(NKeyType.OPERATOR);
  public final OperatorClaims claims;
  public final TestAccount system;

  public TestOperator() {
    this(false);
  }

  public TestOperator(boolean strictSigningKeys) {
    claims = OperatorClaims.create(key.publicKey(), "test-operator");
    claims.nats.signingKeys.add(signingKey.publicKey());
    claims.nats.strictSigningKeyUsage = strictSigningKeys;
    system = account("SYS");
    claims.nats.systemAccount = system.key.publicKey();
  }

  /** The operator JWT, self-signed by the identity key. */
  public String jwt() {
    return JwtCodec.encode(claims, key);
  }

  /** A new account with Go's default (unlimited) limits, signed by the operator signing key. */
  public TestAccount account(String name) {
    return new TestAccount(this, name);
  }
}
