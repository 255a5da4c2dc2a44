package io.tributary.auth.nkey;

import java.util.Arrays;

/**
 * RFC 4648 Base32, standard alphabet, without padding: the text form of nkeys and of Go-style
 * {@code jti}s. Decoding is strict (upper case only, no padding, no whitespace), as in the Go nkeys
 * library.
 */
public final class Base32 {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final int[] LOOKUP = new int[128];

  static {
    Arrays.fill(LOOKUP, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      LOOKUP[ALPHABET[i]] = i;
    }
  }

  private Base32() {}

  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >> (bits - 5)) & 0x1F]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
    }
    return out.toString();
  }

  /**
   * Decodes unpadded Base32.
   *
   * @throws NKeyException {@code BAD_CHARACTER} naming the first offending position
   */
  public static byte[] decode(CharSequence text) {
    int n = text.length();
    byte[] out = new byte[n * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? LOOKUP[c] : -1;
      if (v < 0) {
        throw new NKeyException(
            NKeyException.Reason.BAD_CHARACTER,
            "invalid character "
                + printable(c)
                + " at position "
                + i
                + " (nkeys use upper-case Base32)");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[pos++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
