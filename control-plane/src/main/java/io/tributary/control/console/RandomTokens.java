package io.tributary.control.console;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens: {@code bytes} random bytes, base64url without padding. */
final class RandomTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomTokens() {}

  static String of(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
