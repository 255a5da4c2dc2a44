package io.tributary.operator.reconcile;

/**
 * A failure with its Degraded reason, retried with backoff (e.g. the token's Secret is missing).
 */
public final class TroubleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Trouble trouble;

  public TroubleException(String reason, String message) {
    super(message);
    this.trouble = new Trouble(reason, message, null);
  }

  public Trouble trouble() {
    return trouble;
  }
}
