package io.tributary.auth.nkey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An nkey: an Ed25519 key pair (from a seed) or a public key alone, with the NATS text encodings.
 *
 * <pre>
 * public key: Base32( prefix(1) | ed25519 public key(32) | crc16 LE(2) )                      56 chars, 'O','A','U',…
 * seed:       Base32( 0x90|type>>5 (1) | (type&amp;0x1F)&lt;&lt;3 (1) | ed25519 seed(32) | crc16 LE(2) )   58 chars, 'SO','SA','SU',…
 * </pre>
 *
 * Instances are immutable and thread-safe. Signing is plain Ed25519 (no context, no pre-hash).
 */
public final class NKey {
  private static final int PUBLIC_RAW_LENGTH = 1 + 32 + 2;
  private static final int SEED_RAW_LENGTH = 2 + 32 + 2;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NKeyType type;
  private final byte[] publicKey;
  private final String encodedPublicKey;
  private final Ed25519PrivateKeyParameters privateKey; // null for public-only keys
  private volatile Ed25519PublicKeyParameters verifier; // decoded point, built on first verify

  private NKey(NKeyType type, byte[] publicKey, Ed25519PrivateKeyParameters privateKey) {
    this.type = type;
    this.publicKey = publicKey;
    this.encodedPublicKey = encode(type.prefix(), publicKey);
    this.privateKey = privateKey;
  }

  /**
   * Builds the Ed25519 tables every key operation needs (~200 ms, once per process), so that a
   * program can do it on a spare thread while it starts instead of on its first key.
   */
  public static void warmUp() {
    Ed25519.precompute();
  }

  /** A new random key pair of the given type. */
  public static NKey generate(NKeyType type) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return fromRawSeed(type, seed);
  }

  /** The key pair for a raw 32-byte Ed25519 seed. */
  public static NKey fromRawSeed(NKeyType type, byte[] seed) {
    requireSigningType(type);
    if (seed.length != 32) {
      throw new NKeyException(
          NKeyException.Reason.BAD_LENGTH, "an Ed25519 seed has 32 bytes, not " + seed.length);
    }
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
    NKey key = new NKey(type, priv.generatePublicKey().getEncoded(), priv);
    key.verifier = priv.generatePublicKey();
    return key;
  }

  /**
   * Decodes a seed ({@code SO…}, {@code SA…}, {@code SU…}, {@code SN…}, {@code SC…}).
   *
   * @throws NKeyException saying what is wrong with it
   */
  public static NKey fromSeed(String seed) {
    byte[] raw = decodeChecked(seed, SEED_RAW_LENGTH, "seed");
    if ((raw[0] & 0xF8) != NKeyType.PREFIX_SEED) {
      throw new NKeyException(
          NKeyException.Reason.BAD_PREFIX, "not a seed: a seed starts with 'S'");
    }
    int typePrefix = ((raw[0] & 0x07) << 5) | ((raw[1] & 0xF8) >> 3);
    NKeyType type = NKeyType.fromPrefix(typePrefix);
    if (type == null) {
      throw new NKeyException(
          NKeyException.Reason.BAD_PREFIX, "seed of unknown key type " + typePrefix);
    }
    return fromRawSeed(type, Arrays.copyOfRange(raw, 2, 34));
  }

  /** Decodes a seed that must be of the given type. */
  public static NKey fromSeed(String seed, NKeyType expected) {
    NKey key = fromSeed(seed);
    key.requireType(expected);
    return key;
  }

  /** Decodes a public key of any type; the result can verify but not sign. */
  public static NKey fromPublicKey(String publicKey) {
    byte[] raw = decodeChecked(publicKey, PUBLIC_RAW_LENGTH, "public key");
    NKeyType type = NKeyType.fromPrefix(raw[0] & 0xFF);
    if (type == null) {
      String what =
          (raw[0] & 0xF8) == NKeyType.PREFIX_SEED ? "a seed, not a public key" : "unknown key type";
      throw new NKeyException(NKeyException.Reason.BAD_PREFIX, what);
    }
    return new NKey(type, Arrays.copyOfRange(raw, 1, 33), null);
  }

  /**
   * The public key of a raw 32-byte Ed25519 public key made elsewhere (the JDK's {@code
   * KeyPairGenerator}, whose classes need no start-up tables).
   */
  public static NKey ofRawPublicKey(NKeyType type, byte[] publicKey) {
    requireSigningType(type);
    if (publicKey.length != 32) {
      throw new NKeyException(
          NKeyException.Reason.BAD_LENGTH,
          "an Ed25519 public key has 32 bytes, not " + publicKey.length);
    }
    return new NKey(type, publicKey.clone(), null);
  }

  /** Decodes a public key that must be of the given type. */
  public static NKey fromPublicKey(String publicKey, NKeyType expected) {
    NKey key = fromPublicKey(publicKey);
    key.requireType(expected);
    return key;
  }

  /** True if {@code publicKey} is a well-formed public key of the given type. */
  public static boolean isValidPublicKey(String publicKey, NKeyType type) {
    try {
      return fromPublicKey(publicKey).type == type;
    } catch (NKeyException e) {
      return false;
    }
  }

  public NKeyType type() {
    return type;
  }

  /** The public key in text form ({@code O…}, {@code A…}, {@code U…}, …). */
  public String publicKey() {
    return encodedPublicKey;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] rawPublicKey() {
    return publicKey.clone();
  }

  public boolean hasSeed() {
    return privateKey != null;
  }

  /** The seed in text form ({@code S…}); a secret. */
  public String seed() {
    byte[] seed = requirePrivate().getEncoded();
    int p = type.prefix();
    byte[] raw = new byte[SEED_RAW_LENGTH];
    raw[0] = (byte) (NKeyType.PREFIX_SEED | (p >> 5));
    raw[1] = (byte) ((p & 0x1F) << 3);
    System.arraycopy(seed, 0, raw, 2, 32);
    writeCrc(raw);
    return Base32.encode(raw);
  }

  /**
   * The 64-byte private key form ({@code P…}, seed followed by public key), as Go's {@code
   * PrivateKey()}.
   */
  public String privateKey() {
    byte[] raw = new byte[1 + 64 + 2];
    raw[0] = (byte) NKeyType.PREFIX_PRIVATE;
    System.arraycopy(requirePrivate().getEncoded(), 0, raw, 1, 32);
    System.arraycopy(publicKey, 0, raw, 33, 32);
    writeCrc(raw);
    return Base32.encode(raw);
  }

  /** The 64-byte Ed25519 signature of {@code data}. */
  public byte[] sign(byte[] data) {
    return sign(data, 0, data.length);
  }

  public byte[] sign(byte[] data, int off, int len) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    requirePrivate()
        .sign(Ed25519.Algorithm.Ed25519, verifierParams(), null, data, off, len, sig, 0);
    return sig;
  }

  /** Signs the UTF-8 bytes of a string, e.g. the nonce a server sent in INFO. */
  public byte[] sign(String text) {
    return sign(text.getBytes(StandardCharsets.UTF_8));
  }

  /** True if {@code signature} is a valid Ed25519 signature of {@code data} by this key. */
  public boolean verify(byte[] data, byte[] signature) {
    return verify(data, 0, data.length, signature);
  }

  public boolean verify(byte[] data, int off, int len, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519PublicKeyParameters params = verifierParams();
    return params != null
        && params.verify(Ed25519.Algorithm.Ed25519, null, data, off, len, signature, 0);
  }

  /** Throws {@code WRONG_TYPE} unless this key is of the given type. */
  public NKey requireType(NKeyType expected) {
    if (type != expected) {
      throw new NKeyException(
          NKeyException.Reason.WRONG_TYPE,
          "expected "
              + article(expected)
              + " key, got "
              + article(type)
              + " key ("
              + encodedPublicKey
              + ")");
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NKey k && k.encodedPublicKey.equals(encodedPublicKey);
  }

  @Override
  public int hashCode() {
    return encodedPublicKey.hashCode();
  }

  /** The public key; never the seed. */
  @Override
  public String toString() {
    return encodedPublicKey;
  }

  // Go accepts any 32 bytes as a public key and lets verification fail; BouncyCastle validates the
  // point when it
  // decodes it, so a key that is not on the curve simply verifies nothing.
  private Ed25519PublicKeyParameters verifierParams() {
    Ed25519PublicKeyParameters v = verifier;
    if (v == null) {
      try {
        v = new Ed25519PublicKeyParameters(publicKey, 0);
      } catch (IllegalArgumentException e) {
        return null;
      }
      verifier = v;
    }
    return v;
  }

  private Ed25519PrivateKeyParameters requirePrivate() {
    if (privateKey == null) {
      throw new NKeyException(
          NKeyException.Reason.NO_SEED, "public key " + encodedPublicKey + " has no seed");
    }
    return privateKey;
  }

  private static void requireSigningType(NKeyType type) {
    if (type == NKeyType.CURVE) {
      throw new NKeyException(
          NKeyException.Reason.WRONG_TYPE, "curve (X25519) keys cannot be used for Ed25519");
    }
  }

  private static String encode(int prefix, byte[] key) {
    byte[] raw = new byte[PUBLIC_RAW_LENGTH];
    raw[0] = (byte) prefix;
    System.arraycopy(key, 0, raw, 1, 32);
    writeCrc(raw);
    return Base32.encode(raw);
  }

  private static void writeCrc(byte[] raw) {
    int crc = Crc16.checksum(raw, 0, raw.length - 2);
    raw[raw.length - 2] = (byte) crc;
    raw[raw.length - 1] = (byte) (crc >> 8);
  }

  private static byte[] decodeChecked(String text, int rawLength, String what) {
    if (text == null || text.isEmpty()) {
      throw new NKeyException(NKeyException.Reason.EMPTY, "empty " + what);
    }
    int expectedChars = (rawLength * 8 + 4) / 5;
    if (text.length() != expectedChars) {
      throw new NKeyException(
          NKeyException.Reason.BAD_LENGTH,
          "a " + what + " has " + expectedChars + " characters, got " + text.length());
    }
    byte[] raw = Base32.decode(text);
    int crc = Crc16.checksum(raw, 0, raw.length - 2);
    int stored = (raw[raw.length - 2] & 0xFF) | (raw[raw.length - 1] & 0xFF) << 8;
    if (crc != stored) {
      throw new NKeyException(
          NKeyException.Reason.BAD_CHECKSUM, "checksum mismatch: the " + what + " is corrupt");
    }
    return raw;
  }

  private static String article(NKeyType t) {
    return (t == NKeyType.OPERATOR || t == NKeyType.ACCOUNT ? "an " : "a ")
        + t.name().toLowerCase();
  }
}
