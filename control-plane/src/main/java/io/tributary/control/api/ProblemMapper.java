package io.tributary.control.api;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
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

  private static final String MALFORMED =
      "the request body is not valid JSON of the expected shape";

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    Response r = problem(e.problem(), e.getMessage(), e.errors());
    if (e.retryAfter() == null) {
      return r;
    }
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000); // rounded up
    return Response.fromResponse(r).header("Retry-After", seconds).build();
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    // the query parameters bean validation checks are those of a PageRequest
    if (e.getConstraintViolations().stream()
        .anyMatch(v -> v.getLeafBean() instanceof PageRequest)) {
      return problem(ApiProblem.BAD_PARAMETER, "a query parameter is out of range", errors);
    }
    return problem(ApiProblem.INVALID_BODY, "the request body has invalid fields", errors);
  }

  /** What the framework refuses before a resource runs (unreadable body, unknown path, …). */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 400 -> problem(ApiProblem.MALFORMED_BODY, MALFORMED, null);
      case 401 -> problem(ApiProblem.UNAUTHENTICATED, "a valid bearer token is needed", null);
      case 403 -> problem(ApiProblem.FORBIDDEN, "your role does not allow this", null);
      // a query or path parameter that does not convert (?size=abc) is a 404 with a cause in JAX-RS
      case 404 ->
          e instanceof NotFoundException && e.getCause() != null
              ? problem(
                  ApiProblem.BAD_PARAMETER, "a query or path parameter has the wrong form", null)
              : problem(ApiProblem.NOT_FOUND, "no such resource", null);
      case 405 -> problem(ApiProblem.METHOD_NOT_ALLOWED, "this method is not allowed here", null);
      case 415 -> problem(ApiProblem.UNSUPPORTED_MEDIA_TYPE, "send application/json", null);
      // a status the framework rarely answers (406, 413, …): named after itself, not catalogued
      default -> response(Problem.of(status, "http-" + status, e.getMessage(), null));
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
        ApiProblem.MALFORMED_BODY,
        MALFORMED,
        field.isEmpty() ? null : List.of(new Problem.FieldError(field, "wrong type")));
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    return problem(ApiProblem.MALFORMED_BODY, MALFORMED, null);
  }

  /**
   * Anything else: 503 with {@code Retry-After} when the database cannot be reached (the request
   * wrote nothing; it may be retried), 409 when a unique constraint refused a row (a concurrent
   * request made the same name between our check and our insert), else 500 without internals
   * (logged here).
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
    if (isUniqueViolation(e)) {
      return problem(
          ApiProblem.NAME_TAKEN, "the name is in use (made by a concurrent request)", null);
    }
    LOG.error("unexpected error", e);
    return problem(ApiProblem.INTERNAL_ERROR, "an unexpected error; it has been logged", null);
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

  /** True if {@code e} comes from a unique constraint (PostgreSQL's unique_violation). */
  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static Response problem(ApiProblem p, String detail, List<Problem.FieldError> errors) {
    return response(p.problem(detail, errors));
  }

  private static Response response(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
  }

  static Problem databaseUnavailable() {
    return ApiProblem.DATABASE_UNAVAILABLE.problem(
        "the database cannot be reached; nothing was changed, try again shortly", null);
  }

  // "login.login.username" (method, parameter, field) → "username"; an element of a list or a map
  // is named by its index or key: "tags[0]", "limits.jetStreamTiers[R9]" (a bad key),
  // "limits.jetStreamTiers[R1].streams"
  private static String field(ConstraintViolation<?> v) {
    List<Path.Node> nodes = new ArrayList<>();
    v.getPropertyPath().forEach(nodes::add);
    if (nodes.size() <= 2) {
      return v.getPropertyPath().toString();
    }
    StringBuilder field = new StringBuilder();
    for (Path.Node n : nodes.subList(2, nodes.size())) {
      Object at = n.getKey() != null ? n.getKey() : n.getIndex();
      if (n.isInIterable() && at != null) {
        field.append('[').append(at).append(']');
      }
      if (n.getKind() != ElementKind.CONTAINER_ELEMENT && n.getName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(n.getName());
      }
    }
    return field.toString();
  }
}
