package io.tributary.control.api;

/**
 * A request that cannot be served, as an entry of the {@link ApiProblem} catalogue and what went
 * wrong this time; rendered as {@code application/problem+json} by {@link ProblemMapper}. Made by
 * {@link ApiProblem#exception}, never spelled out at a call site.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ApiProblem problem;

  ApiException(ApiProblem problem, String detail) {
    super(detail);
    this.problem = problem;
  }

  /** Which catalogue entry this is. */
  public ApiProblem problem() {
    return problem;
  }
}
