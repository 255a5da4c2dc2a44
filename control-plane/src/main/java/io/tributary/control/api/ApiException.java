package io.tributary.control.api;

/**
 * A request that cannot be served, with the HTTP status and the stable {@code code} clients match
 * on; rendered as {@code application/problem+json} by {@link ProblemMapper}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
