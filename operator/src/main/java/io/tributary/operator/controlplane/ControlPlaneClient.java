package io.tributary.operator.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control plane's public REST API, as far as the operator uses it: the operator's identity
 * ({@code GET /api/v1/operator}, public), clusters' registrations ({@code /api/v1/clusters}), and
 * accounts with their exports, imports and users ({@code /api/v1/accounts}), with an
 * operator-admin's API token. Bodies of changes are built by the callers; answers are read into
 * records. Every refusal becomes a {@link ControlPlaneException} with the problem's code.
 */
public final class ControlPlaneClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Every operation of the API this client calls (checked against the API's OpenAPI document). */
  public static final List<String> ENDPOINTS =
      List.of(
          "GET /api/v1/operator",
          "POST /api/v1/clusters",
          "GET /api/v1/clusters/{cluster}",
          "PATCH /api/v1/clusters/{cluster}",
          "DELETE /api/v1/clusters/{cluster}",
          "GET /api/v1/clusters/{cluster}/status",
          "POST /api/v1/accounts",
          "GET /api/v1/accounts/{name}",
          "PATCH /api/v1/accounts/{name}",
          "DELETE /api/v1/accounts/{name}",
          "GET /api/v1/accounts/{name}/push-status",
          "GET /api/v1/accounts/{account}/exports",
          "POST /api/v1/accounts/{account}/exports",
          "DELETE /api/v1/accounts/{account}/exports/{export}",
          "GET /api/v1/accounts/{account}/imports",
          "POST /api/v1/accounts/{account}/imports",
          "DELETE /api/v1/accounts/{account}/imports/{import}",
          "POST /api/v1/accounts/{account}/users",
          "GET /api/v1/accounts/{account}/users/{user}",
          "PATCH /api/v1/accounts/{account}/users/{user}",
          "DELETE /api/v1/accounts/{account}/users/{user}",
          "POST /api/v1/accounts/{account}/users/{user}/creds",
          "POST /api/v1/accounts/{account}/users/{user}/rotate");

  /** The control plane's rule for the names of clusters, accounts and users. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** An account's public key: the form the API takes for an import's exporter. */
  public static final Pattern ACCOUNT_KEY = Pattern.compile("A[A-Z2-7]{55}");

  // Exports and imports come a page at a time; the API's largest page.
  private static final int PAGE = 500;

  private final String base;
  private final String token;

  /**
   * @param url the API's base URL ({@code http://host:8080}), without {@code /api/v1}
   * @param token an operator-admin's API token, or null for the public calls only
   */
  public ControlPlaneClient(String url, String token) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  /** What a node needs to trust the control plane's operator. */
  public record OperatorIdentity(String jwt, String systemAccount, String systemAccountJwt) {}

  /** A registered cluster ({@code ClusterView}). */
  public record Cluster(String name, List<String> urls, String description, long version) {}

  /** One node of a cluster as the control plane sees it ({@code NodeSummary}). */
  public record NodeSummary(
      String url, boolean connected, long accounts, long current, long pending) {}

  /**
   * An account ({@code AccountView}): its limits as the API shows them, tags, placement, the times
   * up to which each revoked user key's JWTs are revoked, and its version (the ETag).
   */
  public record Account(
      String name,
      String description,
      String publicKey,
      JsonNode limits,
      List<String> tags,
      List<String> clusters,
      Map<String, Long> revocations,
      long version) {
    /** An {@code AccountView} as the API answers it. */
    public static Account of(JsonNode n) {
      Map<String, Long> revocations = new LinkedHashMap<>();
      n.path("revocations")
          .properties()
          .forEach(e -> revocations.put(e.getKey(), e.getValue().asLong()));
      return new Account(
          text(n, "name"),
          text(n, "description"),
          text(n, "publicKey"),
          n.path("limits"),
          texts(n.path("tags")),
          texts(n.path("clusters")),
          revocations,
          n.path("version").asLong());
    }
  }

  /** An account's export ({@code ExportView}). */
  public record Export(
      String name,
      String subject,
      String type,
      boolean tokenRequired,
      String responseType,
      String description) {}

  /**
   * An account's import ({@code ImportView}); {@code account} is the exporter's public key, {@code
   * activation} whether it was made with an activation token.
   */
  public record Import(
      String name,
      String type,
      String account,
      String subject,
      String localSubject,
      boolean activation) {}

  /** One node's copy of an account's JWT ({@code NodeState}): current, pending or error. */
  public record PushNode(String cluster, String url, String state, String error) {}

  /** A user ({@code UserView}); permissions, limits and expiry as the API shows them, or null. */
  public record User(
      String name,
      String publicKey,
      JsonNode permissions,
      JsonNode limits,
      boolean bearer,
      JsonNode expiry,
      List<String> tags,
      long version) {
    /** A {@code UserView} as the API answers it. */
    public static User of(JsonNode n) {
      return new User(
          text(n, "name"),
          text(n, "publicKey"),
          n.get("permissions"),
          n.get("limits"),
          n.path("bearer").asBoolean(),
          n.get("expiry"),
          texts(n.path("tags")),
          n.path("version").asLong());
    }
  }

  /** {@code GET /api/v1/operator}: public, no token sent. */
  public OperatorIdentity operator() throws ControlPlaneException {
    JsonNode n = send(request("/api/v1/operator").GET(), false, 200).orElseThrow();
    return new OperatorIdentity(
        text(n, "jwt"), text(n, "systemAccount"), text(n, "systemAccountJwt"));
  }

  /** {@code GET /api/v1/clusters/{name}}; empty on 404. */
  public Optional<Cluster> cluster(String name) throws ControlPlaneException {
    return send(request(clusterPath(name)).GET(), true, 200, 404).map(ControlPlaneClient::cluster);
  }

  /** {@code POST /api/v1/clusters}. */
  public Cluster createCluster(String name, List<String> urls, String description)
      throws ControlPlaneException {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("description", description);
    urls.forEach(body.putArray("urls")::add);
    return cluster(send(json(request("/api/v1/clusters"), "POST", body), true, 201).orElseThrow());
  }

  /** {@code PATCH /api/v1/clusters/{name}} with {@code If-Match} the version read. */
  public Cluster changeCluster(String name, long version, List<String> urls)
      throws ControlPlaneException {
    ObjectNode body = JSON.createObjectNode();
    urls.forEach(body.putArray("urls")::add);
    return cluster(
        send(ifMatch(json(request(clusterPath(name)), "PATCH", body), version), true, 200)
            .orElseThrow());
  }

  /** {@code DELETE /api/v1/clusters/{name}}; false if it was not there. */
  public boolean deleteCluster(String name) throws ControlPlaneException {
    return send(request(clusterPath(name)).DELETE(), true, 204, 404).isPresent();
  }

  /** {@code GET /api/v1/clusters/{name}/status}: per node, connected, accounts current/pending. */
  public List<NodeSummary> clusterStatus(String name) throws ControlPlaneException {
    JsonNode n = send(request(clusterPath(name) + "/status").GET(), true, 200).orElseThrow();
    List<NodeSummary> out = new ArrayList<>();
    for (JsonNode node : n.path("nodes")) {
      out.add(
          new NodeSummary(
              text(node, "url"),
              node.path("connected").asBoolean(),
              node.path("accounts").asLong(),
              node.path("current").asLong(),
              node.path("pending").asLong()));
    }
    return out;
  }

  /** {@code GET /api/v1/accounts/{name}}; empty on 404. */
  public Optional<Account> account(String name) throws ControlPlaneException {
    return send(request(accountPath(name)).GET(), true, 200, 404).map(Account::of);
  }

  /** {@code POST /api/v1/accounts} with a {@code NewAccount}. */
  public Account createAccount(JsonNode body) throws ControlPlaneException {
    return Account.of(
        send(json(request("/api/v1/accounts"), "POST", body), true, 201).orElseThrow());
  }

  /** {@code PATCH /api/v1/accounts/{name}} with an {@code AccountChange}, {@code If-Match}. */
  public Account changeAccount(String name, long version, JsonNode body)
      throws ControlPlaneException {
    return Account.of(
        send(ifMatch(json(request(accountPath(name)), "PATCH", body), version), true, 200)
            .orElseThrow());
  }

  /** {@code DELETE /api/v1/accounts/{name}}: with its users; false if it was not there. */
  public boolean deleteAccount(String name) throws ControlPlaneException {
    return send(request(accountPath(name)).DELETE(), true, 204, 404).isPresent();
  }

  /** {@code GET /api/v1/accounts/{name}/push-status}: each node of its clusters. */
  public List<PushNode> pushStatus(String name) throws ControlPlaneException {
    JsonNode n = send(request(accountPath(name) + "/push-status").GET(), true, 200).orElseThrow();
    List<PushNode> out = new ArrayList<>();
    for (JsonNode node : n.path("nodes")) {
      out.add(
          new PushNode(
              text(node, "cluster"), text(node, "url"), text(node, "state"), text(node, "error")));
    }
    return out;
  }

  /** {@code GET …/exports}: every page. */
  public List<Export> exports(String account) throws ControlPlaneException {
    List<Export> out = new ArrayList<>();
    for (JsonNode e : all(accountPath(account) + "/exports")) {
      out.add(
          new Export(
              text(e, "name"),
              text(e, "subject"),
              text(e, "type"),
              e.path("tokenRequired").asBoolean(),
              text(e, "responseType"),
              text(e, "description")));
    }
    return out;
  }

  /** {@code POST …/exports} with a {@code NewExport}. */
  public void createExport(String account, JsonNode body) throws ControlPlaneException {
    send(json(request(accountPath(account) + "/exports"), "POST", body), true, 201);
  }

  /** {@code DELETE …/exports/{export}}; nothing if it was not there. */
  public void deleteExport(String account, String name) throws ControlPlaneException {
    send(request(accountPath(account) + "/exports/" + encode(name)).DELETE(), true, 204, 404);
  }

  /** {@code GET …/imports}: every page. */
  public List<Import> imports(String account) throws ControlPlaneException {
    List<Import> out = new ArrayList<>();
    for (JsonNode i : all(accountPath(account) + "/imports")) {
      out.add(
          new Import(
              text(i, "name"),
              text(i, "type"),
              text(i, "account"),
              text(i, "subject"),
              text(i, "localSubject"),
              i.path("activation").asBoolean()));
    }
    return out;
  }

  /** {@code POST …/imports} with a {@code NewImport}. */
  public void createImport(String account, JsonNode body) throws ControlPlaneException {
    send(json(request(accountPath(account) + "/imports"), "POST", body), true, 201);
  }

  /** {@code DELETE …/imports/{import}}; nothing if it was not there. */
  public void deleteImport(String account, String name) throws ControlPlaneException {
    send(request(accountPath(account) + "/imports/" + encode(name)).DELETE(), true, 204, 404);
  }

  /** {@code GET …/users/{user}}; empty on 404 (no such user, or no such account). */
  public Optional<User> user(String account, String name) throws ControlPlaneException {
    return send(request(userPath(account, name)).GET(), true, 200, 404).map(User::of);
  }

  /** {@code POST …/users} with a {@code UserBody}. */
  public User createUser(String account, JsonNode body) throws ControlPlaneException {
    return User.of(
        send(json(request(accountPath(account) + "/users"), "POST", body), true, 201)
            .orElseThrow());
  }

  /** {@code PATCH …/users/{user}} with a {@code UserBody}, {@code If-Match}. */
  public User changeUser(String account, String name, long version, JsonNode body)
      throws ControlPlaneException {
    return User.of(
        send(ifMatch(json(request(userPath(account, name)), "PATCH", body), version), true, 200)
            .orElseThrow());
  }

  /** {@code DELETE …/users/{user}}: its key is revoked too; false if it was not there. */
  public boolean deleteUser(String account, String name) throws ControlPlaneException {
    return send(request(userPath(account, name)).DELETE(), true, 204, 404).isPresent();
  }

  /** {@code POST …/users/{user}/rotate}: a new key; the old one's creds are revoked. */
  public User rotateUser(String account, String name) throws ControlPlaneException {
    HttpRequest.Builder r =
        request(userPath(account, name) + "/rotate").POST(HttpRequest.BodyPublishers.noBody());
    return User.of(send(r, true, 200).orElseThrow());
  }

  /**
   * {@code POST …/users/{user}/creds}: a new creds file (user JWT and seed) with the user's default
   * lifetime.
   */
  public String creds(String account, String name) throws ControlPlaneException {
    HttpRequest.Builder r =
        json(request(userPath(account, name) + "/creds"), "POST", JSON.createObjectNode())
            .setHeader("Accept", "text/plain, application/problem+json");
    return exchange(r, true, 200).body();
  }

  // Every item of a paged list.
  private List<JsonNode> all(String path) throws ControlPlaneException {
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode n =
          send(request(path + "?size=" + PAGE + "&page=" + page).GET(), true, 200).orElseThrow();
      n.path("items").forEach(items::add);
      if (n.path("items").size() < PAGE || items.size() >= n.path("total").asLong()) {
        return items;
      }
    }
  }

  private static Cluster cluster(JsonNode n) {
    return new Cluster(
        text(n, "name"), texts(n.path("urls")), text(n, "description"), n.path("version").asLong());
  }

  private static String clusterPath(String name) {
    return "/api/v1/clusters/" + encode(name);
  }

  private static String accountPath(String name) {
    return "/api/v1/accounts/" + encode(name);
  }

  private static String userPath(String account, String user) {
    return accountPath(account) + "/users/" + encode(user);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private static HttpRequest.Builder ifMatch(HttpRequest.Builder r, long version) {
    return r.header("If-Match", "\"" + version + "\"");
  }

  private HttpRequest.Builder request(String path) throws ControlPlaneException {
    try {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(TIMEOUT)
          .header("Accept", "application/json, application/problem+json");
    } catch (IllegalArgumentException e) {
      throw new ControlPlaneException(0, "bad-url", "Bad URL", "not a URL: " + base);
    }
  }

  private static HttpRequest.Builder json(HttpRequest.Builder r, String method, JsonNode body) {
    return r.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  // The body of an expected answer (a missing one for 404 and for bodiless answers), else the
  // problem.
  private Optional<JsonNode> send(HttpRequest.Builder r, boolean authenticated, int... expected)
      throws ControlPlaneException {
    HttpResponse<String> res = exchange(r, authenticated, expected);
    return res.statusCode() == 404 ? Optional.empty() : Optional.of(parse(res.body()));
  }

  // The answer when its status is one of those expected, else the problem.
  private HttpResponse<String> exchange(
      HttpRequest.Builder r, boolean authenticated, int... expected) throws ControlPlaneException {
    if (authenticated && token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> res;
    try {
      res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ControlPlaneException.unreachable(base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ControlPlaneException.unreachable(base, e);
    }
    for (int ok : expected) {
      if (res.statusCode() == ok) {
        return res;
      }
    }
    throw problem(res.statusCode(), res.body());
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static ControlPlaneException problem(int status, String body) {
    JsonNode n = parse(body);
    String code = text(n, "code");
    String detail = text(n, "detail");
    List<String> fields = new ArrayList<>();
    n.path("errors").forEach(e -> fields.add(text(e, "field") + ": " + text(e, "message")));
    if (!fields.isEmpty()) {
      detail = (detail == null ? "" : detail + ": ") + String.join("; ", fields);
    }
    if (code == null) {
      code = "http-" + status;
      detail = body == null || body.isBlank() ? null : abbreviate(body);
    }
    return new ControlPlaneException(status, code, text(n, "title"), detail);
  }

  private static String abbreviate(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() <= 200 ? one : one.substring(0, 200) + "…";
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
