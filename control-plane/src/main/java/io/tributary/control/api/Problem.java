package io.tributary.control.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

/**
 * An error body (RFC 9457 {@code application/problem+json}) with a stable {@code code}.
 *
 * @param type a URI naming the problem kind ({@code about:blank} when the status says it all)
 * @param title the HTTP reason phrase
 * @param status the HTTP status
 * @param code a stable, machine-readable error code ({@link ApiProblem})
 * @param detail what went wrong, for people
 * @param errors the fields that are wrong, for a body that failed validation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String code, String detail, List<FieldError> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field: its path in the body and what is wrong with it. */
  public record FieldError(String field, String message) {}

  static Problem of(int status, String code, String detail, List<FieldError> errors) {
    Response.Status s = Response.Status.fromStatusCode(status);
    return new Problem(
        "about:blank", s == null ? "Error" : s.getReasonPhrase(), status, code, detail, errors);
  }
}
