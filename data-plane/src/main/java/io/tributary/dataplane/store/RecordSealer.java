package io.tributary.dataplane.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals message records with AES-256-GCM under a tenant's data key ({@link StoreKeys}): the
 * subject, headers, payload and timestamp are encrypted; the record type, sequence and key version
 * stay readable and are authenticated as associated data, so a record moved, renumbered or altered
 * fails to open. Layout of a sealed body (type 5), after the record header of {@link Records}:
 *
 * <pre>
 * offset size field
 *  0     1    type 5
 *  1     8    sequence
 *  9     4    data key version
 * 13    12    nonce: 8 random bytes drawn when the store opens (and again every 2^32 records), then a
 *             4-byte counter, so no nonce repeats under a key even when a sequence is written again
 *             after a failed write
 * 25     C    ciphertext of: timestamp(8) subject length(2) header length(4) subject headers payload,
 *             followed by the 16-byte GCM tag
 * </pre>
 */
final class RecordSealer {
  static final int HEADER = 25;
  private static final int TAG_BITS = 128;
  private static final int INNER_HEADER = 14;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM is not available", e);
            }
          });

  private final StoreKeys keys;
  private final byte[] salt = new byte[8];
  private long counter = 1L << 32; // draws the first salt; guarded by this

  RecordSealer(StoreKeys keys) {
    this.keys = keys;
  }

  // A SecureRandom draw per record cost more than the encryption itself.
  private synchronized byte[] nextNonce() {
    if (counter >= 1L << 32) {
      RANDOM.nextBytes(salt);
      counter = 0;
    }
    byte[] nonce = new byte[12];
    System.arraycopy(salt, 0, nonce, 0, 8);
    int c = (int) counter++;
    nonce[8] = (byte) (c >>> 24);
    nonce[9] = (byte) (c >>> 16);
    nonce[10] = (byte) (c >>> 8);
    nonce[11] = (byte) c;
    return nonce;
  }

  /** The key version new records are sealed under. */
  int currentVersion() {
    return keys.current().version();
  }

  /** The key version of a sealed body at {@code offset}. */
  static int versionOf(byte[] a, int offset) {
    return ByteBuffer.wrap(a, offset + 9, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** A whole sealed record: header and body. */
  byte[] seal(StoredMessage m) {
    StoreKeys.DataKey key = keys.current();
    byte[] subject = m.subject().getBytes(StandardCharsets.UTF_8);
    int hdr = m.headers() == null ? 0 : m.headers().length;
    int plainLength = INNER_HEADER + subject.length + hdr + m.payload().length;
    ByteBuffer body = Records.recordBuffer(HEADER + plainLength + TAG_BITS / 8);
    int bodyStart = body.position();
    byte[] nonce = nextNonce();
    body.put(Records.SEALED).putLong(m.seq()).putInt(key.version()).put(nonce);
    // The plaintext is laid out where its ciphertext goes and encrypted in place: no copy.
    body.putLong(m.timestamp()).putShort((short) subject.length).putInt(hdr).put(subject);
    if (m.headers() != null) {
      body.put(m.headers());
    }
    body.put(m.payload());
    byte[] a = body.array();
    try {
      Cipher c = GCM.get();
      c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(a, bodyStart, 13);
      c.doFinal(a, bodyStart + HEADER, plainLength, a, bodyStart + HEADER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal message " + m.seq(), e);
    }
    body.position(body.capacity());
    return Records.seal(body);
  }

  /**
   * Opens a sealed body of {@code length} bytes at {@code offset}: a message body, or an exception
   * naming what is missing (the key) or wrong (the tag: tampering or damage).
   */
  Records.Body open(byte[] a, int offset, int length) throws StoreException {
    ByteBuffer b = ByteBuffer.wrap(a, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    b.get();
    long seq = b.getLong();
    int version = b.getInt();
    StoreKeys.DataKey key = keys.version(version);
    if (key == null) {
      throw new StoreException.KeyMissing(keys.owner(), version, "message " + seq);
    }
    byte[] inner;
    try {
      Cipher c = GCM.get();
      c.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, a, offset + 13, 12));
      c.updateAAD(a, offset, 13);
      inner = c.doFinal(a, offset + HEADER, length - HEADER);
    } catch (AEADBadTagException e) {
      throw new StoreException.Corrupt(seq, "authentication failed (tampered or damaged)");
    } catch (GeneralSecurityException e) {
      throw new StoreException.Corrupt(seq, "cannot open: " + e.getMessage());
    }
    ByteBuffer in = ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN);
    long ts = in.getLong();
    int subjLen = Short.toUnsignedInt(in.getShort());
    int hdrLen = in.getInt();
    String subject = new String(inner, INNER_HEADER, subjLen, StandardCharsets.UTF_8);
    byte[] headers = null;
    if (hdrLen > 0) {
      headers = new byte[hdrLen];
      System.arraycopy(inner, INNER_HEADER + subjLen, headers, 0, hdrLen);
    }
    int payloadLen = inner.length - INNER_HEADER - subjLen - hdrLen;
    byte[] payload = new byte[payloadLen];
    System.arraycopy(inner, INNER_HEADER + subjLen + hdrLen, payload, 0, payloadLen);
    return new Records.Body(Records.MESSAGE, seq, ts, subject, headers, payload);
  }
}
