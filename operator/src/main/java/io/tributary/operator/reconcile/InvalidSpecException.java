package io.tributary.operator.reconcile;

/** The resource asks for something the operator cannot make (a Degraded condition, no retry). */
public final class InvalidSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String message) {
    super(message);
  }
}
