package io.tributary.operator.cluster;

/**
 * A failure with its Degraded reason, retried with backoff (e.g. the token's Secret is missing).
 */
public final class TroubleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Trouble trouble;

  public TroubleException(Trouble trouble) {
    super(trouble.message());
    this.trouble = trouble;
  }

  public Trouble trouble() {
    return trouble;
  }
}
