package io.tributary.dataplane.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.dataplane.config.NodeSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Monitoring over HTTP: {@code /healthz}, {@code /varz}, {@code /connz}, {@code /subsz} with
 * nats-server's field names (so its tooling reads them), and {@code /metrics} in Prometheus format.
 */
public final class MonitorServer {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.INDENT_OUTPUT, true);

  private final HttpServer http;
  private final Monitoring monitoring;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Metrics.AccountMeters accountMeters;
  private Metrics.RouteMeters routeMeters;

  private MonitorServer(HttpServer http, Monitoring monitoring) {
    this.http = http;
    this.monitoring = monitoring;
  }

  /** Starts the monitoring listener of {@code server} on its configured HTTP port. */
  public static MonitorServer start(Vertx vertx, MonitoredNode server) {
    Monitoring monitoring = new Monitoring(server);
    HttpServer http = vertx.createHttpServer();
    MonitorServer m = new MonitorServer(http, monitoring);
    Metrics.bind(m.registry, server);
    m.accountMeters = Metrics.accountMeters(m.registry);
    m.routeMeters = Metrics.routeMeters(m.registry);
    http.requestHandler(m::handle);
    int configured = server.options().get(NodeSettings.HTTP_PORT);
    int wanted = configured < 0 ? 0 : configured;
    try {
      http.listen(wanted, server.options().get(NodeSettings.HOST))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen for monitoring on port " + wanted + ": " + e.getMessage(), e);
    }
    return m;
  }

  public int port() {
    return http.actualPort();
  }

  public void close() {
    try {
      http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // shutting down
    }
  }

  private void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    res.putHeader("Access-Control-Allow-Origin", "*");
    try {
      switch (req.path()) {
        case "/healthz" -> {
          List<String> problems = monitoring.server().healthProblems();
          if (problems.isEmpty()) {
            json(res, 200, Map.of("status", "ok"));
          } else {
            json(res, 503, Map.of("status", "unavailable", "error", String.join("; ", problems)));
          }
        }
        case "/varz" -> json(res, 200, monitoring.varz());
        case "/connz" -> json(res, 200, monitoring.connz(Query.of(req)));
        case "/subsz", "/subscriptionsz" -> json(res, 200, monitoring.subsz(Query.of(req)));
        case "/accountz" -> json(res, 200, monitoring.accountz(Query.of(req)));
        case "/routez" -> json(res, 200, monitoring.routez(Query.of(req)));
        case "/metrics" -> {
          Metrics.refreshAccounts(accountMeters, monitoring.server());
          Metrics.refreshRoutes(routeMeters, monitoring.server());
          res.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(registry.scrape());
        }
        case "/" ->
            json(
                res,
                200,
                Map.of(
                    "endpoints",
                    new String[] {
                      "/healthz", "/varz", "/connz", "/routez", "/subsz", "/accountz", "/metrics"
                    }));
        default -> json(res, 404, Map.of("error", "no such endpoint: " + req.path()));
      }
    } catch (IllegalArgumentException e) {
      json(res, 400, Map.of("status", "error", "error", e.getMessage()));
    }
  }

  private static void json(HttpServerResponse res, int status, Object body) {
    try {
      res.setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      res.setStatusCode(500).end();
    }
  }
}
