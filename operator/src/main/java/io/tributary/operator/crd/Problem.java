package io.tributary.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A problem the control plane answered (application/problem+json), or a transport failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Problem {
  /** HTTP status; 0 when no answer came. */
  public int status;

  /** The problem's code ({@code unauthenticated}, {@code name-taken}, …). */
  public String code;

  public String detail;
}
