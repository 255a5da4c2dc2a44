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
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control plane's public REST API, as far as the operator uses it: the operator's identity
 * ({@code GET /api/v1/operator}, public) and the cluster's registration ({@code /api/v1/clusters},
 * operator-admin, with an API token). Every refusal becomes a {@link ControlPlaneException} with
 * the problem's code.
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
          "GET /api/v1/clusters/{cluster}/status");

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
    HttpRequest.Builder r =
        json(request(clusterPath(name)), "PATCH", body).header("If-Match", "\"" + version + "\"");
    return cluster(send(r, true, 200).orElseThrow());
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

  private static Cluster cluster(JsonNode n) {
    List<String> urls = new ArrayList<>();
    n.path("urls").forEach(u -> urls.add(u.asText()));
    return new Cluster(
        text(n, "name"), List.copyOf(urls), text(n, "description"), n.path("version").asLong());
  }

  private static String clusterPath(String name) {
    return "/api/v1/clusters/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
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
    if (authenticated && token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    HttpRequest req = r.build();
    HttpResponse<String> res;
    try {
      res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ControlPlaneException.unreachable(base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ControlPlaneException.unreachable(base, e);
    }
    int status = res.statusCode();
    for (int ok : expected) {
      if (status == ok) {
        if (status == 404) {
          return Optional.empty();
        }
        return Optional.of(parse(res.body()));
      }
    }
    throw problem(status, res.body());
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

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
