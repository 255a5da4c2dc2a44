package io.tributary.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A proxy in front of the control plane that, while told to fail, answers what the control plane
 * answers when its database is gone (503, {@code database-unavailable}) — the one 5xx it gives on
 * purpose, which the real process cannot be made to give here. It records each request it saw.
 */
final class FailingProxy implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> FORWARDED =
      List.of("Authorization", "Content-Type", "Accept", "If-Match");

  private final HttpServer server;
  private final String target;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  private FailingProxy(HttpServer server, String target) {
    this.server = server;
    this.target = target;
  }

  /** A proxy on a free loopback port to the control plane at {@code target}. */
  static FailingProxy to(String target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FailingProxy proxy = new FailingProxy(server, target);
    server.createContext("/", proxy::handle);
    server.start();
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void failing(boolean failing) {
    this.failing = failing;
  }

  /** {@code METHOD /path} of every request so far. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
      byte[] body = ex.getRequestBody().readAllBytes();
      if (failing) {
        reply(
            ex,
            503,
            "application/problem+json",
            null,
            "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"code\":\"database-unavailable\",\"detail\":\"the database is unreachable\"}");
        return;
      }
      HttpRequest.Builder r =
          HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : FORWARDED) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          r.header(h, v);
        }
      }
      HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
      reply(
          ex,
          res.statusCode(),
          res.headers().firstValue("Content-Type").orElse(null),
          res.headers().firstValue("ETag").orElse(null),
          res.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(
      HttpExchange ex, int status, String contentType, String etag, String body)
      throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    if (etag != null) {
      ex.getResponseHeaders().set("ETag", etag);
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
