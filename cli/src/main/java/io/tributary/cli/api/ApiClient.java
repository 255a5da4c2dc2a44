package io.tributary.cli.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The control plane's REST API over HTTP, as one signed-in caller: JSON in and out, errors as
 * {@link Problem}s, lists read page by page.
 */
public final class ApiClient {
  /** The page size the CLI asks for when it reads a whole list (the API's maximum). */
  static final int PAGE_SIZE = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String token;

  /** {@code token} may be null (only for the login). */
  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public URI base() {
    return base;
  }

  /** A request to {@code endpoint}; {@link Call#send()} sends it. */
  public Call call(Endpoint endpoint) {
    return new Call(endpoint);
  }

  /** Every item of a paged list: all its pages, in order. */
  public List<JsonNode> listAll(Call call) {
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode body = call.query("page", page).query("size", PAGE_SIZE).send().json();
      body.path("items").forEach(items::add);
      if (body.path("items").size() < PAGE_SIZE || items.size() >= body.path("total").asLong()) {
        return items;
      }
    }
  }

  /** One request being built. */
  public final class Call {
    private final Endpoint endpoint;
    private final Map<String, String> path = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private JsonNode body;

    private Call(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    public Call path(String name, String value) {
      path.put(name, value);
      return this;
    }

    /** Adds {@code name=value} unless value is null. */
    public Call query(String name, Object value) {
      if (value != null) {
        query.put(name, String.valueOf(value));
      }
      return this;
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call body(JsonNode body) {
      this.body = body;
      return this;
    }

    /** Sends it; a 4xx or 5xx answer is thrown as a {@link Problem}. */
    public Response send() {
      StringBuilder uri = new StringBuilder(base.toString().replaceAll("/+$", ""));
      uri.append(endpoint.expand(path));
      String sep = "?";
      for (Map.Entry<String, String> q : query.entrySet()) {
        uri.append(sep)
            .append(Urls.encode(q.getKey()))
            .append('=')
            .append(Urls.encode(q.getValue()));
        sep = "&";
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(uri.toString()))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/json, application/problem+json, text/plain");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      if (body != null) {
        request.header("Content-Type", "application/json");
        request.method(endpoint.method(), HttpRequest.BodyPublishers.ofString(write(body)));
      } else if (endpoint.method().equals("POST") || endpoint.method().equals("PATCH")) {
        request.header("Content-Type", "application/json");
        request.method(endpoint.method(), HttpRequest.BodyPublishers.ofString("{}"));
      } else {
        request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r;
      try {
        r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (ConnectException e) {
        throw new Problem(
            0,
            "no-connection",
            "cannot reach the control plane at " + base,
            "connection refused",
            List.of());
      } catch (IOException e) {
        throw new Problem(
            0,
            "no-connection",
            "cannot reach the control plane at " + base,
            String.valueOf(e),
            List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Problem(0, "interrupted", "interrupted", null, List.of());
      }
      Response response = new Response(r.statusCode(), r.body(), r.headers().map());
      if (r.statusCode() >= 400) {
        throw Problem.of(r.statusCode(), response.json());
      }
      return response;
    }
  }

  /** An answer: status, body (as text and, if it is JSON, parsed) and headers. */
  public record Response(int status, String text, Map<String, List<String>> headers) {
    /** The body as JSON; a missing node if it is empty or not JSON. */
    public JsonNode json() {
      if (text == null || text.isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return MissingNode.getInstance();
      }
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
          .map(h -> h.getValue().get(0))
          .findFirst();
    }
  }

  private static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
