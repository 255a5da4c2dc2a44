package io.tributary.control.api;

import java.time.Duration;
import java.util.List;

/**
 * A request that cannot be served, as an entry of the {@link ApiProblem} catalogue and what went
 * wrong this time; rendered as {@code application/problem+json} by {@link ProblemMapper}. Made by
 * {@link ApiProblem#exception}, never spelled out at a call site.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ApiProblem problem;
  private final transient List<Problem.FieldError> errors;
  private final Duration retryAfter;

  ApiException(
      ApiProblem problem, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
    super(detail);
    this.problem = problem;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  /** Which catalogue entry this is. */
  public ApiProblem problem() {
    return problem;
  }

  /** The fields that are wrong, when the problem is about fields of the body; else null. */
  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** When the client may try again (sent as {@code Retry-After}), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
