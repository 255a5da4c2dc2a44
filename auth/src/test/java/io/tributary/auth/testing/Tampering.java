package io.tributary.auth.testing;

/** Deterministic corruption of signed tokens for tests of the refusal paths. */
public final class Tampering {
  private Tampering() {}

  /**
   * The token with its signature's first character changed. All six bits of that character are
   * signature bits; the last character's low bits are padding that lenient base64 decoders ignore,
   * so changing the end of a token does not always change the signature.
   */
  public static String badSignature(String jwt) {
    int sig = jwt.lastIndexOf('.') + 1;
    return jwt.substring(0, sig) + (jwt.charAt(sig) == 'A' ? 'B' : 'A') + jwt.substring(sig + 1);
  }
}
