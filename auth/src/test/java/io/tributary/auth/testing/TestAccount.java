package io.tributary.auth.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

/** A test account; {@link #jwt()} signs its current claims with the operator's signing key. */
public final class TestAccount {
  public final TestOperator operator;
  public final NKey key = NKey.generate(NKeyType.ACCOUNT);
  public final AccountClaims claims;

  TestAccount(TestOperator operator, String name) {
    this.operator = operator;
    this.claims = AccountClaims.create(key.publicKey(), name);
  }

  public String id() {
    return key.publicKey();
  }

  public String jwt() {
    return JwtCodec.encode(claims, operator.signingKey);
  }

  /** Freshly signed JWTs of {@code accounts}, by account id, in order. */
  public static Map<String, String> jwtsById(List<TestAccount> accounts) {
    Map<String, String> jwts = new LinkedHashMap<>();
    accounts.forEach(a -> jwts.put(a.id(), a.jwt()));
    return jwts;
  }

  /** A user signed by the account identity key, with unlimited limits and no permissions. */
  public TestUser user(String name) {
    return new TestUser(this, name, key, false);
  }

  /** Adds a plain signing key and returns a user signed by it. */
  public TestUser userBySigningKey(String name) {
    NKey signer = NKey.generate(NKeyType.ACCOUNT);
    claims.nats.signingKeys.add(signer.publicKey());
    return new TestUser(this, name, signer, false);
  }

  /**
   * Adds a scoped signing key with {@code template} and returns a (necessarily empty) user signed
   * by it.
   */
  public TestUser scopedUser(String name, String role, UserPermissionLimits template) {
    NKey signer = NKey.generate(NKeyType.ACCOUNT);
    claims.nats.signingKeys.addScoped(new UserScope(signer.publicKey(), role, template));
    return new TestUser(this, name, signer, true);
  }
}
