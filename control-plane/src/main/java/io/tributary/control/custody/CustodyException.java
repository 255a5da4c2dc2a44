package io.tributary.control.custody;

/** A secret could not be sealed or opened: wrong master key, altered data, bad configuration. */
public final class CustodyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CustodyException(String message) {
    super(message);
  }
}
