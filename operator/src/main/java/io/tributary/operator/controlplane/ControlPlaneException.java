package io.tributary.operator.controlplane;

/**
 * The control plane refused a call (an {@code application/problem+json} answer: its status, {@code
 * code}, {@code title} and {@code detail}) or could not be reached (status 0, code {@code
 * unreachable}).
 */
public final class ControlPlaneException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String title;
  private final String detail;

  public ControlPlaneException(int status, String code, String title, String detail) {
    super(
        (status == 0 ? "" : status + " ")
            + code
            + (detail == null || detail.isBlank() ? "" : ": " + detail));
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
  }

  /** No answer: connection refused, a timeout, a name that does not resolve. */
  public static ControlPlaneException unreachable(String url, Exception cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ControlPlaneException(0, "unreachable", "Unreachable", url + ": " + why);
  }

  /** The HTTP status; 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The problem's code ({@code unauthenticated}, {@code forbidden}, {@code unreachable}, …). */
  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }
}
