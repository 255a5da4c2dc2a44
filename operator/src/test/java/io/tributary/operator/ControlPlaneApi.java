package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tributary.control.testing.ControlPlaneProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged control plane as a process for an IT, and its REST API as the tests call it behind
 * the operator's back, with an operator-admin's API token (the one the operator is given).
 */
final class ControlPlaneApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ControlPlaneProcess process;
  private final String token;

  private ControlPlaneApi(ControlPlaneProcess process, String token) {
    this.process = process;
    this.token = token;
  }

  /** Starts the control plane, logs in as {@code admin} and makes an API token. */
  static ControlPlaneApi start() throws Exception {
    ControlPlaneProcess process = ControlPlaneProcess.start();
    ControlPlaneApi anonymous = new ControlPlaneApi(process, null);
    String login =
        anonymous
            .send(
                "POST",
                "/api/v1/auth/login",
                null,
                Map.of("username", "admin", "password", ControlPlaneProcess.ADMIN_PASSWORD))
            .get("token")
            .asText();
    String token =
        new ControlPlaneApi(process, login)
            .post("/api/v1/tokens", Map.of("name", "operator"))
            .get("token")
            .asText();
    assertThat(token).startsWith("trb_");
    return new ControlPlaneApi(process, token);
  }

  String url() {
    return process.url();
  }

  /** The last lines of the control plane's log, for assertion messages. */
  String log() throws Exception {
    return process.log();
  }

  /** The operator-admin's API token. */
  String token() {
    return token;
  }

  /** The answer to a GET with the token, or null unless it is 200. */
  JsonNode get(String path) {
    return read(path, token);
  }

  /** The answer to a GET without a token, or null unless it is 200. */
  JsonNode getPublic(String path) {
    return read(path, null);
  }

  int status(String path) throws Exception {
    return exchange("GET", path, token, null, null).statusCode();
  }

  /** POST, expecting 200 or 201. */
  JsonNode post(String path, Object body) throws Exception {
    return send("POST", path, null, body);
  }

  /** PATCH with {@code If-Match} the version just read, expecting 200. */
  JsonNode patch(String path, Object body) throws Exception {
    HttpResponse<String> read = exchange("GET", path, token, null, null);
    assertThat(read.statusCode()).as(path + ": " + read.body()).isEqualTo(200);
    return send("PATCH", path, read.headers().firstValue("ETag").orElseThrow(), body);
  }

  /** The Secret the operator reads an API token from (key {@code token}). */
  static Secret tokenSecret(String namespace, String name, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData(
            "token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The names of a page's items. */
  static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  /** A JSON array of strings. */
  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** DELETE, expecting 204. */
  void delete(String path) throws Exception {
    HttpResponse<String> res = exchange("DELETE", path, token, null, null);
    assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(204);
  }

  @Override
  public void close() throws Exception {
    process.close();
  }

  private JsonNode send(String method, String path, String ifMatch, Object body) throws Exception {
    HttpResponse<String> res = exchange(method, path, token, ifMatch, body);
    assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isBetween(200, 201);
    return JSON.readTree(res.body());
  }

  private JsonNode read(String path, String bearer) {
    try {
      HttpResponse<String> res = exchange("GET", path, bearer, null, null);
      return res.statusCode() == 200 ? JSON.readTree(res.body()) : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> exchange(
      String method, String path, String bearer, String ifMatch, Object body) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    if (ifMatch != null) {
      r.header("If-Match", ifMatch);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
