package io.tributary.auth.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation, as Go's {@code net.ParseCIDR} reads it: an address, a
 * slash and a prefix length (a bare address is not a CIDR). Parsing never resolves host names.
 *
 * @param network the address bytes (4 or 16)
 * @param prefixLength bits of the prefix
 */
public record Cidr(byte[] network, int prefixLength) {

  /** Parses a CIDR, or returns null if it is not one. */
  public static Cidr parse(String text) {
    if (text == null) {
      return null;
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return null;
    }
    byte[] addr = parseLiteralAddress(text.substring(0, slash));
    if (addr == null) {
      return null;
    }
    int bits;
    try {
      bits = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (bits < 0
        || bits > addr.length * 8
        || text.charAt(slash + 1) == '+'
        || text.charAt(slash + 1) == '-') {
      return null;
    }
    return new Cidr(addr, bits);
  }

  /** True if {@code address} lies in this network (an IPv4-mapped IPv6 address counts as IPv4). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
      a = java.util.Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  /** Parses an IP literal without any name lookup, or returns null. */
  public static byte[] parseLiteralAddress(String s) {
    if (s.isEmpty()
        || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty()
            || parts[i].length() > 3
            || !parts[i].chars().allMatch(Character::isDigit)) {
          return null;
        }
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    try {
      // Only hex digits, dots and colons reach here, so this is a literal and never a DNS lookup.
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }
}
