package io.tributary.auth.creds;

import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.nkey.NKey;

/**
 * What a creds file holds: a user JWT and the user's key pair. {@link #toString()} never shows the
 * seed.
 *
 * @param jwt the user JWT, as written in the file
 * @param claims the JWT decoded (signature checked, trust and expiry not)
 * @param userKey the user's key pair, decoded from the seed
 */
public record Creds(String jwt, UserClaims claims, NKey userKey) {
  @Override
  public String toString() {
    return "Creds[user=" + userKey.publicKey() + "]";
  }
}
