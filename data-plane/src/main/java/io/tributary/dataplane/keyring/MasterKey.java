package io.tributary.dataplane.keyring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.tributary.auth.files.DurableFiles;

/**
 * What wraps the account data keys: the node's master key. The built-in one is a 256-bit AES key
 * (from a file or the environment, base64) wrapping with AES-256-GCM; a KMS is another
 * implementation of this interface, so the key itself never has to be on the node.
 */
public interface MasterKey {
  /** Seals {@code key} for {@code context} (which account, which version: bound to the result). */
  byte[] wrap(byte[] key, String context);

  /**
   * Opens what {@link #wrap} sealed for the same context; throws {@link WrongMasterKey} if this
   * master key did not seal it (or it was altered).
   */
  byte[] unwrap(byte[] wrapped, String context) throws WrongMasterKey;

  /** A short name for errors and logs (never the key). */
  String name();

  /** The wrapped key does not open with this master key. */
  final class WrongMasterKey extends Exception {
    public WrongMasterKey(String message) {
      super(message);
    }
  }

  /** A master key of 32 bytes, base64, as read from a file or an environment variable. */
  static MasterKey aes(String base64, String name) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not base64: " + e.getMessage());
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          name + " must be 32 bytes (base64 of 256 bits), got " + raw.length);
    }
    return new Aes(new SecretKeySpec(raw, "AES"), name);
  }

  /**
   * The master key in a file, created with a new random key if missing: readable by its owner only
   * from the start, and synced (with its directory) before any data is sealed under it, so a power
   * loss cannot take the key and leave the data.
   */
  static MasterKey fromFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      // If another process created it meanwhile, its key is the one read below.
      DurableFiles.createIfAbsent(
          file, (Base64.getEncoder().encodeToString(k) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return aes(Files.readString(file), "master key file " + file);
  }

  /** AES-256-GCM key wrapping: random nonce, the context as associated data. */
  final class Aes implements MasterKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey key;
    private final String name;

    Aes(SecretKey key, String name) {
      this.key = key;
      this.name = name;
    }

    @Override
    public byte[] wrap(byte[] plain, String context) {
      try {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = c.doFinal(plain);
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return out;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot wrap a data key", e);
      }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String context) throws WrongMasterKey {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, 12));
        c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(wrapped, 12, wrapped.length - 12);
      } catch (AEADBadTagException e) {
        throw new WrongMasterKey(name + " does not open the data key of " + context);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot unwrap a data key", e);
      }
    }

    @Override
    public String name() {
      return name;
    }
  }
}
