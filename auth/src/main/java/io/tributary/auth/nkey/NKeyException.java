package io.tributary.auth.nkey;

import io.tributary.auth.AuthException;

/** An nkey string or seed could not be decoded, or is of another type than expected. */
public final class NKeyException extends AuthException {

  /** Why a key was refused. */
  public enum Reason {
    /** Null or empty input. */
    EMPTY,
    /** A character outside the Base32 alphabet (upper case A–Z, 2–7). */
    BAD_CHARACTER,
    /** Decoded length is not that of a public key (35 bytes) or seed (36 bytes). */
    BAD_LENGTH,
    /** The CRC16 at the end does not match the data. */
    BAD_CHECKSUM,
    /** The prefix byte names no known key type, or a type that is not allowed here. */
    BAD_PREFIX,
    /**
     * A valid key, but of another type than the one expected (e.g. an account key where a user key
     * belongs).
     */
    WRONG_TYPE,
    /** The operation needs a seed, but this key is public only. */
    NO_SEED
  }

  private final Reason reason;

  public NKeyException(Reason reason, String message) {
    super(message, null);
    this.reason = reason;
  }

  @Override
  public Reason reason() {
    return reason;
  }
}
