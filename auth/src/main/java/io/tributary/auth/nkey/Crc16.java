package io.tributary.auth.nkey;

/**
 * CRC-16/XMODEM (polynomial 0x1021, initial 0, no reflection), the checksum nkeys append
 * little-endian. Check value: {@code crc16("123456789") == 0x31C3}.
 */
public final class Crc16 {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      TABLE[i] = crc & 0xFFFF;
    }
  }

  private Crc16() {}

  /** CRC over {@code data[off, off+len)}. */
  public static int checksum(byte[] data, int off, int len) {
    int crc = 0;
    for (int i = off; i < off + len; i++) {
      crc = ((crc << 8) & 0xFFFF) ^ TABLE[((crc >> 8) ^ data[i]) & 0xFF];
    }
    return crc;
  }
}
