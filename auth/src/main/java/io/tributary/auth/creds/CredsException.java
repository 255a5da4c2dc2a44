package io.tributary.auth.creds;

import io.tributary.auth.AuthException;

/** A creds file could not be read. */
public final class CredsException extends AuthException {

  /** Why a creds file was refused. */
  public enum Reason {
    /** No JWT found. */
    NO_JWT,
    /** The JWT is not a valid, signed user JWT. */
    BAD_JWT,
    /** No seed found. */
    NO_SEED,
    /** The seed is not a valid nkey seed, or not a user seed. */
    BAD_SEED,
    /** The seed does not belong to the user the JWT describes. */
    KEY_MISMATCH
  }

  private final Reason reason;

  public CredsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  @Override
  public Reason reason() {
    return reason;
  }
}
