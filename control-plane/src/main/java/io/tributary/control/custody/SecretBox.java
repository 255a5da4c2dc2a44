package io.tributary.control.custody;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption: each secret gets its own random data key, which encrypts it; the
 * data key is stored wrapped (encrypted) by the master key. Rotating the master key re-wraps data
 * keys without touching the secrets' ciphertext. Every blob is {@code nonce(12) || ciphertext+tag}.
 */
public final class SecretBox {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY = 32;

  private final SecretKeySpec master;
  private final int version;

  /** A sealed secret: which master key version wrapped its data key, and the two blobs. */
  public record Sealed(int keyVersion, byte[] wrappedKey, byte[] ciphertext) {}

  /**
   * @param masterKey 32 bytes
   * @param version the master key's version, recorded with every wrapped data key
   */
  public SecretBox(byte[] masterKey, int version) {
    if (masterKey.length != KEY) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (AES-256), not " + masterKey.length);
    }
    this.master = new SecretKeySpec(masterKey.clone(), "AES");
    this.version = version;
  }

  public int version() {
    return version;
  }

  public Sealed seal(byte[] plaintext) {
    byte[] dataKey = new byte[KEY];
    RANDOM.nextBytes(dataKey);
    try {
      byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plaintext);
      return new Sealed(version, encrypt(master, dataKey), ciphertext);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** Decrypts a secret sealed under this master key; fails if anything was altered. */
  public byte[] open(Sealed sealed) {
    requireVersion(sealed);
    byte[] dataKey = decrypt(master, sealed.wrappedKey());
    try {
      return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The same secret with its data key wrapped by {@code next} instead; the ciphertext is kept. */
  public Sealed rewrap(Sealed sealed, SecretBox next) {
    requireVersion(sealed);
    byte[] dataKey = decrypt(master, sealed.wrappedKey());
    try {
      return new Sealed(next.version, encrypt(next.master, dataKey), sealed.ciphertext());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private void requireVersion(Sealed sealed) {
    if (sealed.keyVersion() != version) {
      throw new CustodyException(
          "secret is wrapped by master key version "
              + sealed.keyVersion()
              + ", this is version "
              + version);
    }
  }

  private static byte[] encrypt(SecretKeySpec key, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] ct = c.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new CustodyException("encryption failed: " + e.getMessage());
    }
  }

  private static byte[] decrypt(SecretKeySpec key, byte[] blob) {
    if (blob.length < NONCE + TAG_BITS / 8) {
      throw new CustodyException("sealed data is truncated");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE));
      return c.doFinal(blob, NONCE, blob.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new CustodyException("sealed data does not authenticate (wrong key or altered)");
    }
  }
}
