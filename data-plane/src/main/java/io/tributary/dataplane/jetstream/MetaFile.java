package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoreKeys;

/**
 * A stream's metadata file ({@code meta}): its configuration and creation time, sealed with
 * AES-256-GCM under the account's data key like its messages (stream subjects name a tenant's
 * business), the stream's path as associated data. Layout: {@code TRBS} (sealed) or {@code TRBP}
 * (plain), then for sealed files the key version (4 bytes, big-endian) and a 12-byte nonce, then
 * the JSON (ciphertext plus tag when sealed). Replaced atomically: written to a temporary file,
 * synced, renamed over the old one, the directory synced.
 */
final class MetaFile {
  static final String NAME = "meta";
  private static final byte[] SEALED = "TRBS".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PLAIN = "TRBP".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private MetaFile() {}

  static void write(FileIo io, Path dir, byte[] json, StoreKeys keys, String context)
      throws IOException {
    byte[] out;
    if (keys == null) {
      out = concat(PLAIN, json);
    } else {
      StoreKeys.DataKey k = keys.current();
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      byte[] sealed = crypt(Cipher.ENCRYPT_MODE, k, nonce, context, json);
      out =
          ByteBuffer.allocate(4 + 4 + 12 + sealed.length)
              .put(SEALED)
              .putInt(k.version())
              .put(nonce)
              .put(sealed)
              .array();
    }
    io.createDirectories(dir);
    io.replace(dir, NAME, out);
  }

  /** The JSON, or null if there is no metadata file. */
  static byte[] read(Path dir, StoreKeys keys, String context) throws IOException, StoreException {
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return null;
    }
    byte[] in = Files.readAllBytes(file);
    if (in.length >= 4 && Arrays.equals(in, 0, 4, PLAIN, 0, 4)) {
      return Arrays.copyOfRange(in, 4, in.length);
    }
    if (in.length < 20 || !Arrays.equals(in, 0, 4, SEALED, 0, 4)) {
      throw new IOException(file + " is not a stream metadata file");
    }
    int version = ByteBuffer.wrap(in, 4, 4).getInt();
    StoreKeys.DataKey k = keys == null ? null : keys.version(version);
    if (k == null) {
      throw new StoreException.KeyMissing(
          keys == null ? "this node (encryption is off)" : keys.owner(), version, file.toString());
    }
    try {
      return crypt(
          Cipher.DECRYPT_MODE,
          k,
          Arrays.copyOfRange(in, 8, 20),
          context,
          Arrays.copyOfRange(in, 20, in.length));
    } catch (IOException e) {
      throw new IOException(file + " does not open with its data key (altered or wrong key)", e);
    }
  }

  private static byte[] crypt(
      int mode, StoreKeys.DataKey k, byte[] nonce, String context, byte[] in) throws IOException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, k.key(), new GCMParameterSpec(128, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
