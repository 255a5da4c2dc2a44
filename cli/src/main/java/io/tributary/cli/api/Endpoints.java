package io.tributary.cli.api;

/**
 * Every operation of the control plane's API that the CLI calls, one constant each. {@code
 * EndpointsTest} checks each against the OpenAPI document bundled at build time and that no
 * operation of that document is left without a constant, so the CLI cannot drift from the API.
 */
public final class Endpoints {
  private Endpoints() {}

  public static final Endpoint LOGIN = Endpoint.of("POST /api/v1/auth/login");
  public static final Endpoint ME = Endpoint.of("GET /api/v1/me");

  public static final Endpoint ACCOUNTS = Endpoint.of("GET /api/v1/accounts");
  public static final Endpoint ACCOUNT_CREATE = Endpoint.of("POST /api/v1/accounts");
  public static final Endpoint ACCOUNT = Endpoint.of("GET /api/v1/accounts/{name}");
  public static final Endpoint ACCOUNT_CHANGE = Endpoint.of("PATCH /api/v1/accounts/{name}");
  public static final Endpoint ACCOUNT_DELETE = Endpoint.of("DELETE /api/v1/accounts/{name}");
  public static final Endpoint ACCOUNT_JWT = Endpoint.of("GET /api/v1/accounts/{name}/jwt");
  public static final Endpoint ACCOUNT_PUSH_STATUS =
      Endpoint.of("GET /api/v1/accounts/{name}/push-status");

  public static final Endpoint SIGNING_KEYS =
      Endpoint.of("GET /api/v1/accounts/{account}/signing-keys");
  public static final Endpoint SIGNING_KEY_CREATE =
      Endpoint.of("POST /api/v1/accounts/{account}/signing-keys");
  public static final Endpoint SIGNING_KEY_DELETE =
      Endpoint.of("DELETE /api/v1/accounts/{account}/signing-keys/{key}");

  public static final Endpoint USERS = Endpoint.of("GET /api/v1/accounts/{account}/users");
  public static final Endpoint USER_CREATE = Endpoint.of("POST /api/v1/accounts/{account}/users");
  public static final Endpoint USER = Endpoint.of("GET /api/v1/accounts/{account}/users/{user}");
  public static final Endpoint USER_CHANGE =
      Endpoint.of("PATCH /api/v1/accounts/{account}/users/{user}");
  public static final Endpoint USER_DELETE =
      Endpoint.of("DELETE /api/v1/accounts/{account}/users/{user}");
  public static final Endpoint USER_CREDS =
      Endpoint.of("POST /api/v1/accounts/{account}/users/{user}/creds");
  public static final Endpoint USER_ISSUANCES =
      Endpoint.of("GET /api/v1/accounts/{account}/users/{user}/issuances");
  public static final Endpoint USER_REVOKE =
      Endpoint.of("POST /api/v1/accounts/{account}/users/{user}/revoke");
  public static final Endpoint USER_ROTATE =
      Endpoint.of("POST /api/v1/accounts/{account}/users/{user}/rotate");

  public static final Endpoint EXPORTS = Endpoint.of("GET /api/v1/accounts/{account}/exports");
  public static final Endpoint EXPORT_CREATE =
      Endpoint.of("POST /api/v1/accounts/{account}/exports");
  public static final Endpoint EXPORT =
      Endpoint.of("GET /api/v1/accounts/{account}/exports/{export}");
  public static final Endpoint EXPORT_DELETE =
      Endpoint.of("DELETE /api/v1/accounts/{account}/exports/{export}");
  public static final Endpoint ACTIVATION_CREATE =
      Endpoint.of("POST /api/v1/accounts/{account}/exports/{export}/activations");
  public static final Endpoint ACTIVATION_REVOKE =
      Endpoint.of("POST /api/v1/accounts/{account}/exports/{export}/activations/{importer}/revoke");

  public static final Endpoint IMPORTS = Endpoint.of("GET /api/v1/accounts/{account}/imports");
  public static final Endpoint IMPORT_CREATE =
      Endpoint.of("POST /api/v1/accounts/{account}/imports");
  public static final Endpoint IMPORT =
      Endpoint.of("GET /api/v1/accounts/{account}/imports/{import}");
  public static final Endpoint IMPORT_DELETE =
      Endpoint.of("DELETE /api/v1/accounts/{account}/imports/{import}");

  public static final Endpoint CLUSTERS = Endpoint.of("GET /api/v1/clusters");
  public static final Endpoint CLUSTER_CREATE = Endpoint.of("POST /api/v1/clusters");
  public static final Endpoint CLUSTER = Endpoint.of("GET /api/v1/clusters/{cluster}");
  public static final Endpoint CLUSTER_CHANGE = Endpoint.of("PATCH /api/v1/clusters/{cluster}");
  public static final Endpoint CLUSTER_DELETE = Endpoint.of("DELETE /api/v1/clusters/{cluster}");
  public static final Endpoint CLUSTER_METRICS =
      Endpoint.of("GET /api/v1/clusters/{cluster}/metrics");
  public static final Endpoint CLUSTER_STATUS =
      Endpoint.of("GET /api/v1/clusters/{cluster}/status");

  public static final Endpoint CONSOLE_USERS = Endpoint.of("GET /api/v1/console-users");
  public static final Endpoint CONSOLE_USER_CREATE = Endpoint.of("POST /api/v1/console-users");
  public static final Endpoint CONSOLE_USER = Endpoint.of("GET /api/v1/console-users/{username}");
  public static final Endpoint CONSOLE_USER_CHANGE =
      Endpoint.of("PATCH /api/v1/console-users/{username}");
  public static final Endpoint CONSOLE_USER_DELETE =
      Endpoint.of("DELETE /api/v1/console-users/{username}");

  public static final Endpoint TOKENS = Endpoint.of("GET /api/v1/tokens");
  public static final Endpoint TOKEN_CREATE = Endpoint.of("POST /api/v1/tokens");
  public static final Endpoint TOKEN_DELETE = Endpoint.of("DELETE /api/v1/tokens/{id}");

  public static final Endpoint AUDIT = Endpoint.of("GET /api/v1/audit");

  public static final Endpoint OPERATOR = Endpoint.of("GET /api/v1/operator");
  public static final Endpoint SERVER_CONFIG = Endpoint.of("GET /api/v1/operator/server-config");
  public static final Endpoint MASTER_KEY = Endpoint.of("GET /api/v1/operator/master-key");
  public static final Endpoint MASTER_KEY_ROTATE =
      Endpoint.of("POST /api/v1/operator/master-key/rotate");

  // What an account's nodes say about it now (read through a read-only user the control plane
  // signs).
  public static final Endpoint ACCOUNT_USAGE = Endpoint.of("GET /api/v1/accounts/{account}/usage");
  public static final Endpoint STREAMS = Endpoint.of("GET /api/v1/accounts/{account}/streams");
  public static final Endpoint STREAM =
      Endpoint.of("GET /api/v1/accounts/{account}/streams/{stream}");
  public static final Endpoint STREAM_MESSAGES =
      Endpoint.of("GET /api/v1/accounts/{account}/streams/{stream}/messages");
  public static final Endpoint STREAM_CONSUMERS =
      Endpoint.of("GET /api/v1/accounts/{account}/streams/{stream}/consumers");
  public static final Endpoint KV_BUCKETS = Endpoint.of("GET /api/v1/accounts/{account}/kv");
  public static final Endpoint KV_KEYS = Endpoint.of("GET /api/v1/accounts/{account}/kv/{bucket}");
  public static final Endpoint KV_HISTORY =
      Endpoint.of("GET /api/v1/accounts/{account}/kv/{bucket}/{key}");
  public static final Endpoint OBJECT_STORES =
      Endpoint.of("GET /api/v1/accounts/{account}/object-stores");
  public static final Endpoint OBJECTS =
      Endpoint.of("GET /api/v1/accounts/{account}/object-stores/{bucket}");

  public static final Endpoint INVITATIONS = Endpoint.of("GET /api/v1/invitations");
  public static final Endpoint INVITATION_CREATE = Endpoint.of("POST /api/v1/invitations");
  public static final Endpoint INVITATION_REVOKE = Endpoint.of("DELETE /api/v1/invitations/{id}");
}
