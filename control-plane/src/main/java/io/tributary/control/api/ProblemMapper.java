package io.tributary.control.api;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Renders every refused request as {@code application/problem+json} with a stable {@code code}:
 * {@link ApiException}s, bodies that fail validation ({@code invalid-body}, with the fields),
 * bodies that are not JSON of the right shape ({@code malformed-body}) and what the framework
 * refuses by itself.
 */
public class ProblemMapper {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  /** When a client may retry a request refused because the database could not be reached. */
  static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return problem(e.status(), e.code(), e.getMessage(), null);
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return problem(400, "invalid-body", "the request body has invalid fields", errors);
  }

  /** What the framework refuses before a resource runs (unreadable body, unknown path, …). */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 400 ->
          problem(
              400,
              "malformed-body",
              "the request body is not valid JSON of the expected shape",
              null);
      case 401 -> problem(401, "unauthenticated", "a valid bearer token is needed", null);
      case 403 -> problem(403, "forbidden", "your role does not allow this", null);
      case 404 -> problem(404, "not-found", "no such resource", null);
      case 405 -> problem(405, "method-not-allowed", "this method is not allowed here", null);
      case 415 -> problem(415, "unsupported-media-type", "send application/json", null);
      default -> problem(status, "http-" + status, e.getMessage(), null);
    };
  }

  /** A field of the wrong type ({@code "conn": "many"}); replaces Quarkus's own body for it. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .reduce((a, b) -> a + "." + b)
            .orElse("");
    return problem(
        400,
        "malformed-body",
        "the request body is not valid JSON of the expected shape",
        field.isEmpty() ? null : List.of(new Problem.FieldError(field, "wrong type")));
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    return problem(
        400, "malformed-body", "the request body is not valid JSON of the expected shape", null);
  }

  /**
   * Anything else: 503 with {@code Retry-After} when the database cannot be reached (the request
   * wrote nothing; it may be retried), else 500 without internals (logged here).
   */
  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (isDatabaseUnavailable(e)) {
      LOG.warnf("database unavailable: %s", e.getMessage());
      return Response.status(503)
          .type(Problem.MEDIA_TYPE)
          .entity(databaseUnavailable())
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
    LOG.error("unexpected error", e);
    return problem(500, "internal-error", "an unexpected error; it has been logged", null);
  }

  /** True if {@code e} comes from a lost or refused database connection. */
  static boolean isDatabaseUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JDBCConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P01-03: the server shut down or cannot accept connections
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
          return true;
        }
        if (sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) {
          return true;
        }
      }
    }
    return false;
  }

  static Response problem(int status, String code, String detail, List<Problem.FieldError> errors) {
    Response.Status s = Response.Status.fromStatusCode(status);
    Problem p =
        new Problem(
            "about:blank", s == null ? "Error" : s.getReasonPhrase(), status, code, detail, errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
  }

  static Problem databaseUnavailable() {
    return new Problem(
        "about:blank",
        "Service Unavailable",
        503,
        "database-unavailable",
        "the database cannot be reached; nothing was changed, try again shortly",
        null);
  }

  // "login.login.username" (method, parameter, field) → "username"
  private static String field(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    String[] parts = path.split("\\.");
    return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : path;
  }
}
