package io.tributary.auth.jwt;

import io.tributary.auth.AuthException;

/** A token could not be decoded, verified or encoded. */
public final class JwtException extends AuthException {

  /** Why a token was refused. */
  public enum Reason {
    /** Not three Base64URL segments, or not JSON where JSON belongs. */
    MALFORMED,
    /** Longer than {@link JwtCodec#MAX_TOKEN_SIZE}. */
    TOO_LARGE,
    /**
     * The header's {@code typ} is not JWT or its {@code alg} is not {@code ed25519-nkey}/{@code
     * ed25519}.
     */
    BAD_HEADER,
    /** The claims JSON does not fit the claim type (wrong value types, unknown enum values, …). */
    BAD_CLAIMS,
    /** {@code nats.version} is newer than this library understands. */
    UNSUPPORTED_VERSION,
    /** A {@code cluster} or {@code server} claim, which NATS no longer accepts. */
    UNSUPPORTED_TYPE,
    /** {@code iss} is not a public nkey. */
    BAD_ISSUER,
    /** The signature does not verify with the key in {@code iss}. */
    BAD_SIGNATURE,
    /** The issuer's key type may not sign this kind of claim (e.g. a user key signing a user). */
    WRONG_ISSUER_TYPE,
    /** A token of another kind than expected (e.g. an account JWT where a user JWT belongs). */
    WRONG_CLAIM_TYPE,
    /**
     * When encoding: the subject is not a key of the type the claim needs, or the signer has no
     * seed.
     */
    INVALID_FOR_ENCODING
  }

  private final Reason reason;

  public JwtException(Reason reason, String message) {
    this(reason, message, null);
  }

  public JwtException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  @Override
  public Reason reason() {
    return reason;
  }
}
