package io.tributary.auth.nkey;

/**
 * The public key types of nkeys with their prefix bytes. The prefix byte is {@code value << 3}, so
 * the type letter is the first Base32 character of the key.
 */
public enum NKeyType {
  OPERATOR(14 << 3, 'O'),
  ACCOUNT(0, 'A'),
  USER(20 << 3, 'U'),
  SERVER(13 << 3, 'N'),
  CLUSTER(2 << 3, 'C'),
  /**
   * X25519 keys ("xkeys"), for auth callout encryption. They encode like the others but cannot
   * sign.
   */
  CURVE(23 << 3, 'X');

  /** Prefix byte of a seed; the seed's type lives in the low bits of the first two bytes. */
  static final int PREFIX_SEED = 18 << 3;

  /**
   * Prefix byte of the 64-byte private key form ({@code P…}), which nothing in the auth protocol
   * uses.
   */
  static final int PREFIX_PRIVATE = 15 << 3;

  private final int prefix;
  private final char letter;

  NKeyType(int prefix, char letter) {
    this.prefix = prefix;
    this.letter = letter;
  }

  /** The prefix byte. */
  public int prefix() {
    return prefix;
  }

  /** The first character of a public key of this type. */
  public char letter() {
    return letter;
  }

  /** The type whose prefix byte is {@code prefix}, or null. */
  public static NKeyType fromPrefix(int prefix) {
    for (NKeyType t : values()) {
      if (t.prefix == prefix) {
        return t;
      }
    }
    return null;
  }

  /**
   * The type a public key string claims by its first letter, or null; does not validate the key.
   */
  public static NKeyType ofPublicKey(String key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    for (NKeyType t : values()) {
      if (t.letter == key.charAt(0)) {
        return t;
      }
    }
    return null;
  }
}
