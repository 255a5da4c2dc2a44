package io.tributary.auth.testing;

import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

/** A test user; {@link #jwt()} signs its current claims with the signer it was created with. */
public final class TestUser {
  public final TestAccount account;
  public final NKey key = NKey.generate(NKeyType.USER);
  public final NKey signer;
  public final UserClaims claims;

  TestUser(TestAccount account, String name, NKey signer, boolean scoped) {
    this.account = account;
    this.signer = signer;
    this.claims =
        scoped
            ? UserClaims.createScoped(key.publicKey(), name, account.id())
            : UserClaims.create(key.publicKey(), name);
    if (!scoped && !signer.equals(account.key)) {
      claims.nats.issuerAccount = account.id();
    }
  }

  public String jwt() {
    return JwtCodec.encode(claims, signer);
  }

  /** A JWT issued at {@code issuedAt} (Unix seconds), for revocation tests. */
  public String jwt(long issuedAt) {
    return JwtCodec.encode(claims, signer, issuedAt);
  }

  public String creds() {
    return CredsFile.format(jwt(), key);
  }
}
