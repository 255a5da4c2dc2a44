package io.tributary.control.api;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Renders every refused request as {@code application/problem+json} with a stable {@code code}:
 * {@link ApiException}s, bodies that fail validation ({@code invalid-body}, with the fields by
 * their JSON path), query parameters out of range or of the wrong form ({@code bad-parameter}, with
 * the parameter's name), bodies that are not JSON of the right shape ({@code malformed-body}), a
 * missing or refused bearer token ({@code unauthenticated}, with {@code WWW-Authenticate: Bearer}
 * as every 401) and what the framework refuses by itself.
 */
public class ProblemMapper {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  /** When a client may retry a request refused because the database could not be reached. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** The challenge every 401 carries (RFC 9110 asks for one): a login or API token as bearer. */
  static final String CHALLENGE = "Bearer";

  private static final String MALFORMED =
      "the request body is not valid JSON of the expected shape";

  /** What a 401 says when no bearer token came (or none the API takes). */
  static final String NO_TOKEN = "send Authorization: Bearer with a login token or an API token";

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    Response r = problem(e.problem(), e.getMessage(), e.errors());
    if (e.retryAfter() == null) {
      return r;
    }
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000); // rounded up
    return Response.fromResponse(r).header("Retry-After", seconds).build();
  }

  /**
   * Bean validation: the body's fields by their JSON path ({@code invalid-body}), or the query
   * parameters by their names ({@code bad-parameter}) when only those are wrong.
   */
  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    List<Violation> violations =
        e.getConstraintViolations().stream()
            .map(ProblemMapper::violation)
            .sorted(Comparator.comparing(Violation::field))
            .toList();
    List<Problem.FieldError> errors =
        violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList();
    if (violations.stream().allMatch(Violation::query)) {
      return problem(
          ApiProblem.BAD_PARAMETER,
          errors.size() == 1
              ? "the query parameter " + errors.get(0).field() + " is out of range"
              : "query parameters are out of range",
          errors);
    }
    return problem(ApiProblem.INVALID_BODY, "the request body has invalid fields", errors);
  }

  /** No bearer token, where the resource needs one (proactive authentication let it through). */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return problem(ApiProblem.UNAUTHENTICATED, NO_TOKEN, null);
  }

  /**
   * A bearer token refused; seen here only when authentication runs in a resource, else by {@link
   * AuthenticationFailureHandler}.
   */
  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    return response(unauthenticated(e));
  }

  /**
   * A role check of the framework's own ({@code @RolesAllowed}); ours are {@code forbidden} too.
   */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return problem(ApiProblem.FORBIDDEN, "your role does not allow this", null);
  }

  /** What the framework refuses before a resource runs (unreadable body, unknown path, …). */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e, SimpleResourceInfo resource, UriInfo uri) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 400 -> problem(ApiProblem.MALFORMED_BODY, MALFORMED, null);
      case 401 -> problem(ApiProblem.UNAUTHENTICATED, NO_TOKEN, null);
      case 403 -> problem(ApiProblem.FORBIDDEN, "your role does not allow this", null);
      // a query or path parameter that does not convert (?size=abc) is a 404 with a cause in JAX-RS
      case 404 ->
          e instanceof NotFoundException && e.getCause() != null
              ? unconverted(resource, uri)
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
    // named as bean validation's fields are: "permissions.pub.allow[0]", "jetStreamTiers[R1].disk"
    StringBuilder path = new StringBuilder();
    for (var r : e.getPath()) {
      if (r.getFieldName() == null) {
        path.append('[').append(r.getIndex()).append(']');
      } else if (r.getFrom() instanceof Map) {
        path.append('[').append(r.getFieldName()).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
      }
    }
    String field = path.toString();
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
    Response.ResponseBuilder r = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    if (p.status() == 401) {
      r.header("WWW-Authenticate", CHALLENGE);
    }
    return r.build();
  }

  /**
   * The 401 for a bearer token that authentication refused: what our checks said ({@link
   * ApiException} as the cause: the user is gone, the API token unknown or revoked, …), else a
   * login token that expired or one that is not ours (malformed, forged). Nothing of the verifier's
   * own message is shown.
   */
  static Problem unauthenticated(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return api.problem().problem(api.getMessage(), null);
      }
      if (t instanceof InvalidJwtException jwt && jwt.hasExpired()) {
        return ApiProblem.UNAUTHENTICATED.problem(
            "the login token has expired; log in again", null);
      }
    }
    return ApiProblem.UNAUTHENTICATED.problem(
        "the bearer token is not valid (malformed, or not signed by this control plane)", null);
  }

  /** True if {@code e} is authentication refusing a credential (not a database failure in it). */
  static boolean isAuthenticationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailedException) {
        return true;
      }
    }
    return false;
  }

  static Problem databaseUnavailable() {
    return ApiProblem.DATABASE_UNAVAILABLE.problem(
        "the database cannot be reached; nothing was changed, try again shortly", null);
  }

  /** One violation: where (a JSON path in the body, or a query parameter), and what. */
  private record Violation(String field, boolean query, String message) {}

  // method and parameter nodes ("create.arg0.limits.conn") are Java's, not the client's: a body's
  // field is named by its JSON path, "limits.conn"; an element of a list or a map by its index or
  // key: "tags[0]", "limits.jetStreamTiers[R9]" (a bad key), "limits.jetStreamTiers[R1].streams";
  // the body itself (@NotNull, none sent) as "body"; a field of a @BeanParam by its query
  // parameter's name. Records take their JSON names from their components (no @JsonProperty).
  private static Violation violation(ConstraintViolation<?> v) {
    List<Path.Node> nodes = new ArrayList<>();
    v.getPropertyPath().forEach(nodes::add);
    int from =
        !nodes.isEmpty() && nodes.get(0).getKind() == ElementKind.METHOD
            ? Math.min(2, nodes.size())
            : 0;
    if (from == nodes.size()) {
      boolean missing = v.getConstraintDescriptor().getAnnotation() instanceof NotNull;
      return new Violation("body", false, missing ? "a JSON body is needed" : v.getMessage());
    }
    Path.Node last = nodes.get(nodes.size() - 1);
    QueryParam query =
        last.getKind() == ElementKind.PROPERTY && v.getLeafBean() != null
            ? queryParam(v.getLeafBean().getClass(), last.getName())
            : null;
    if (query != null) {
      return new Violation(query.value(), true, v.getMessage());
    }
    StringBuilder field = new StringBuilder();
    for (Path.Node n : nodes.subList(from, nodes.size())) {
      Object at = n.getKey() != null ? n.getKey() : n.getIndex();
      if (n.isInIterable() && at != null) {
        field.append('[').append(at).append(']');
      }
      if (n.getKind() != ElementKind.CONTAINER_ELEMENT && n.getName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(n.getName());
      }
    }
    return new Violation(field.toString(), false, v.getMessage());
  }

  /** The {@code @QueryParam} of field {@code name} of {@code type} (a {@code @BeanParam}). */
  private static QueryParam queryParam(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name).getAnnotation(QueryParam.class);
      } catch (NoSuchFieldException e) {
        // declared higher up, if anywhere
      }
    }
    return null;
  }

  /**
   * A query parameter that does not convert to its type ({@code ?size=abc}), named if it is a
   * number the resource method (or its {@code @BeanParam}) takes.
   */
  private static Response unconverted(SimpleResourceInfo resource, UriInfo uri) {
    Map<String, Class<?>> numbers = new LinkedHashMap<>();
    Method method = method(resource);
    if (method != null) {
      for (Parameter p : method.getParameters()) {
        if (p.isAnnotationPresent(QueryParam.class)) {
          numbers.put(p.getAnnotation(QueryParam.class).value(), p.getType());
        } else if (p.isAnnotationPresent(BeanParam.class)) {
          for (Field f : p.getType().getFields()) {
            if (f.isAnnotationPresent(QueryParam.class)) {
              numbers.put(f.getAnnotation(QueryParam.class).value(), f.getType());
            }
          }
        }
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    numbers.forEach(
        (name, type) -> {
          String value = uri.getQueryParameters().getFirst(name);
          if (value != null && !converts(type, value)) {
            errors.add(new Problem.FieldError(name, "must be a whole number in range"));
          }
        });
    if (errors.isEmpty()) {
      return problem(
          ApiProblem.BAD_PARAMETER, "a query or path parameter has the wrong form", null);
    }
    return problem(
        ApiProblem.BAD_PARAMETER,
        errors.size() == 1
            ? "the query parameter " + errors.get(0).field() + " has the wrong form"
            : "query parameters have the wrong form",
        errors);
  }

  private static Method method(SimpleResourceInfo resource) {
    if (resource == null || resource.getResourceClass() == null) {
      return null;
    }
    try {
      return resource
          .getResourceClass()
          .getMethod(resource.getMethodName(), resource.parameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** False if {@code value} is not a {@code type} (only whole numbers are checked). */
  private static boolean converts(Class<?> type, String value) {
    try {
      if (type == int.class || type == Integer.class) {
        Integer.parseInt(value);
      } else if (type == long.class || type == Long.class) {
        Long.parseLong(value);
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
