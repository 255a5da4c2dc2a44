package io.tributary.control.api;

import java.time.Duration;
import java.util.List;

/**
 * The catalogue of every problem the API answers with, as nats-server keeps its JetStream errors in
 * {@code errors.json}: a stable {@code code} clients match on, the HTTP status, and what the
 * problem means (for the OpenAPI document and the docs). Call sites name an entry and say what went
 * wrong in this case: {@code throw ApiProblem.NOT_FOUND.exception("no account named 'a'")}. Codes
 * are unique and each entry is thrown somewhere ({@code ApiProblemTest}).
 */
public enum ApiProblem {
  INVALID_BODY(400, "invalid-body", "the request body has invalid fields (listed in errors)"),
  MALFORMED_BODY(400, "malformed-body", "the request body is not JSON of the expected shape"),
  BAD_IF_MATCH(400, "bad-if-match", "If-Match is not an ETag this API gave out"),
  BAD_PARAMETER(
      400,
      "bad-parameter",
      "a query or path parameter has the wrong form (out of range, not a number, a NUL character)"),
  BAD_RESOLVER_DIR(400, "bad-resolver-dir", "resolver-dir is not a plain path"),
  UNSUPPORTED_FORMAT(400, "unsupported-format", "no such server-config format"),
  INVALID_CREDENTIALS(401, "invalid-credentials", "wrong username or password"),
  UNAUTHENTICATED(
      401,
      "unauthenticated",
      "no bearer token, or one that is malformed, expired or revoked, or whose user is gone"),
  FORBIDDEN(403, "forbidden", "the caller's role does not allow this"),
  READ_ONLY(403, "read-only", "an account-viewer cannot change anything"),
  CSRF_REJECTED(
      403,
      "csrf-rejected",
      "a change made with the console's session cookie lacks its X-CSRF-Token header"),
  TOKEN_CANNOT_MINT(403, "token-cannot-mint", "an API token cannot make API tokens"),
  NOT_FOUND(404, "not-found", "no such resource, or one the caller may not see"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "the method is not allowed on this path"),
  NAME_TAKEN(409, "name-taken", "the name is in use"),
  IN_USE(409, "in-use", "something still depends on it"),
  JETSTREAM_DISABLED(
      409,
      "jetstream-disabled",
      "JetStream is not enabled for the account (its limits grant none, or its nodes run without)"),
  KEY_REQUIRED(409, "key-required", "the master key must be sent (the keyring is configured)"),
  LAST_OPERATOR_ADMIN(409, "last-operator-admin", "the last operator-admin must stay one"),
  ROLE_TAKEN(409, "role-taken", "the account has a scoped key with this role"),
  SUBJECT_TAKEN(409, "subject-taken", "the account exports this subject already"),
  INVITATION_CLOSED(410, "invitation-closed", "the invitation was used already or has expired"),
  STALE_VERSION(412, "stale-version", "If-Match names a version that is not the current one"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "the body must be application/json"),
  IMPORT_NOT_AUTHORIZED(422, "import-not-authorized", "the exporter's JWT does not allow it"),
  INVALID_ACCOUNT(422, "invalid-account", "NATS would refuse the account JWT (auth/'s reason)"),
  INVALID_TEMPLATE(422, "invalid-template", "a template sets only permissions and limits"),
  INVALID_USER(422, "invalid-user", "NATS would refuse the user JWT (auth/'s reason)"),
  LIMIT_EXCEEDED(422, "limit-exceeded", "beyond the account's limits"),
  PUBLIC_EXPORT(422, "public-export", "a public export needs no activation"),
  SCOPED_USER(422, "scoped-user", "a scoped key's user may set only tags and expiry"),
  SELF_IMPORT(422, "self-import", "an account cannot import from itself"),
  TEMPLATE_ERROR(422, "template-error", "the scoped key's template does not expand"),
  TEMPLATE_WITHOUT_ROLE(422, "template-without-role", "a template needs a role"),
  TTL_TOO_LONG(422, "ttl-too-long", "longer than the user's maximum creds lifetime"),
  UNKNOWN_ACCOUNT(422, "unknown-account", "no account by that name"),
  UNKNOWN_CLUSTER(422, "unknown-cluster", "no cluster by that name"),
  UNKNOWN_EXPORTER(422, "unknown-exporter", "no account with the exporter's key"),
  UNKNOWN_SIGNING_KEY(422, "unknown-signing-key", "the account has no such signing key"),
  PRECONDITION_REQUIRED(428, "precondition-required", "send If-Match with the ETag you read"),
  TOO_MANY_REQUESTS(
      429, "too-many-requests", "too many failed logins; try again after Retry-After seconds"),
  INTERNAL_ERROR(500, "internal-error", "an unexpected error (logged, without internals here)"),
  JETSTREAM_ERROR(
      502, "jetstream-error", "a node answered with a JetStream error (its code and description)"),
  NO_NODE(
      503,
      "no-node",
      "no node that holds the account's current JWT can be reached (or it did not answer)"),
  DATABASE_UNAVAILABLE(503, "database-unavailable", "the database is unreachable; retry later");

  private final int status;
  private final String code;
  private final String summary;

  ApiProblem(int status, String code, String summary) {
    this.status = status;
    this.code = code;
    this.summary = summary;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable, machine-readable code. */
  public String code() {
    return code;
  }

  /** What the problem means, whatever the case (the detail says what happened). */
  public String summary() {
    return summary;
  }

  /** This problem, to throw, with what went wrong this time. */
  public ApiException exception(String detail) {
    return new ApiException(this, detail, null, null);
  }

  /** This problem, to throw, telling the client when to try again ({@code Retry-After}). */
  public ApiException exception(String detail, Duration retryAfter) {
    return new ApiException(this, detail, null, retryAfter);
  }

  /**
   * This problem, to throw, naming the fields of the body that are wrong: for what bean validation
   * cannot see, such as a rule between a change and what it changes.
   */
  public ApiException exception(String detail, List<Problem.FieldError> errors) {
    return new ApiException(this, detail, List.copyOf(errors), null);
  }

  /** The body for this problem: the HTTP reason phrase as title, as RFC 9457 has it. */
  public Problem problem(String detail, List<Problem.FieldError> errors) {
    return Problem.of(status, code, detail, errors);
  }
}
