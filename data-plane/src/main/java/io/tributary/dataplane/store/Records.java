package io.tributary.dataplane.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The file store's byte layout (version 1, little-endian), also in docs/storage/file-format.md.
 *
 * <p>A segment file {@code <first seq, 20 digits>.seg} starts with a 24-byte header:
 *
 * <pre>
 * offset size field
 *  0     4    magic "TSEG"
 *  4     2    format version (1)
 *  6     2    flags (0)
 *  8     8    the first sequence the segment was opened for
 * 16     8    creation time, ms since the epoch
 * </pre>
 *
 * then records, each:
 *
 * <pre>
 * offset size field
 *  0     4    record magic 0x7E5A91C3: lets recovery find the next record after a damaged one
 *  4     4    body length N
 *  8     4    CRC32C of the length field and the body
 * 12     N    body:
 *               0  1  type: 1 message, 2 delete, 3 first (all below are gone), 4 erased message,
 *                     5 sealed message (encrypted; its body is laid out in {@link RecordSealer})
 *               1  8  sequence (for delete: the deleted one; for first: the new first)
 *               9  8  timestamp, ns since the epoch (0 unless a message)
 *              17  2  subject length S
 *              19  4  header length H
 *              23  S  subject (UTF-8), H header block, then the payload (N - 23 - S - H bytes)
 * </pre>
 *
 * An erased message keeps its length and sequence, has type 4 and zeros for the rest of its body,
 * and a checksum over that.
 */
final class Records {
  static final int SEGMENT_MAGIC = 0x47455354; // "TSEG" little-endian
  static final short VERSION = 1;
  static final int SEGMENT_HEADER = 24;
  static final int RECORD_MAGIC = 0x7E5A91C3;
  static final int RECORD_HEADER = 12;
  static final int BODY_MIN = 23;
  static final int MAX_BODY = 128 * 1024 * 1024;

  static final byte MESSAGE = 1;
  static final byte DELETE = 2;
  static final byte FIRST = 3;
  static final byte ERASED = 4;

  /** A message sealed with the tenant's data key ({@link RecordSealer}). */
  static final byte SEALED = 5;

  private Records() {}

  static ByteBuffer segmentHeader(long firstSeq) {
    ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(SEGMENT_MAGIC).putShort(VERSION).putShort((short) 0).putLong(firstSeq);
    b.putLong(System.currentTimeMillis()).flip();
    return b;
  }

  /** A whole record: header and body. */
  static byte[] message(long seq, String subject, byte[] headers, byte[] payload, long ts) {
    byte[] subj = subject.getBytes(StandardCharsets.UTF_8);
    int hdr = headers == null ? 0 : headers.length;
    ByteBuffer b = record(BODY_MIN + subj.length + hdr + payload.length);
    b.put(MESSAGE).putLong(seq).putLong(ts).putShort((short) subj.length).putInt(hdr).put(subj);
    if (headers != null) {
      b.put(headers);
    }
    b.put(payload);
    return seal(b);
  }

  /** A delete or first marker. */
  static byte[] marker(byte type, long seq) {
    ByteBuffer b = record(BODY_MIN);
    b.put(type).putLong(seq).putLong(0).putShort((short) 0).putInt(0);
    return seal(b);
  }

  /** The erased form of a message record of {@code bodyLength}: same size, no content. */
  static byte[] erased(long seq, int bodyLength) {
    ByteBuffer b = record(bodyLength);
    b.put(ERASED).putLong(seq);
    b.position(RECORD_HEADER + bodyLength);
    return seal(b);
  }

  /** A record buffer with its header written, positioned at the body. */
  static ByteBuffer recordBuffer(int bodyLength) {
    return record(bodyLength);
  }

  private static ByteBuffer record(int bodyLength) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(RECORD_MAGIC).putInt(bodyLength).putInt(0);
    return b;
  }

  /** Fills in the checksum of a complete record buffer. */
  static byte[] seal(ByteBuffer b) {
    byte[] a = b.array();
    b.putInt(8, checksum(a, 4, a.length - RECORD_HEADER));
    return a;
  }

  /**
   * CRC32C of the length field (4 bytes at {@code lengthAt}) and the {@code bodyLength} after it.
   */
  static int checksum(byte[] a, int lengthAt, int bodyLength) {
    CRC32C crc = new CRC32C();
    crc.update(a, lengthAt, 4);
    crc.update(a, lengthAt + 8, bodyLength);
    return (int) crc.getValue();
  }

  /** A decoded record body. */
  record Body(byte type, long seq, long ts, String subject, byte[] headers, byte[] payload) {}

  /** Decodes a body of {@code length} bytes at {@code offset}; null if its fields do not fit. */
  static Body decode(byte[] a, int offset, int length) {
    ByteBuffer b = ByteBuffer.wrap(a, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    byte type = b.get();
    long seq = b.getLong();
    if (type == SEALED) {
      return seq > 0 && length >= RecordSealer.HEADER + 16 + 14
          ? new Body(SEALED, seq, 0, null, null, null)
          : null;
    }
    long ts = b.getLong();
    int subjLen = Short.toUnsignedInt(b.getShort());
    int hdrLen = b.getInt();
    if (type < MESSAGE
        || type > ERASED
        || seq <= 0
        || hdrLen < 0
        || BODY_MIN + (long) subjLen + hdrLen > length) {
      return null;
    }
    if (type != MESSAGE) {
      return new Body(type, seq, ts, null, null, null);
    }
    String subject = new String(a, offset + BODY_MIN, subjLen, StandardCharsets.UTF_8);
    byte[] headers = null;
    if (hdrLen > 0) {
      headers = new byte[hdrLen];
      System.arraycopy(a, offset + BODY_MIN + subjLen, headers, 0, hdrLen);
    }
    int payloadLen = length - BODY_MIN - subjLen - hdrLen;
    byte[] payload = new byte[payloadLen];
    System.arraycopy(a, offset + BODY_MIN + subjLen + hdrLen, payload, 0, payloadLen);
    return new Body(type, seq, ts, subject, headers, payload);
  }
}
