package io.tributary.control.webconsole;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web console is a single-page application: a page's address ({@code /accounts/acme/users}) is
 * one of its routes, so a GET for an address that is neither the API, nor Quarkus's {@code /q/},
 * nor one of the console's files ({@code /assets/…}, {@code /favicon.svg}) is answered with {@code
 * index.html}, which routes it in the browser. Every response outside {@code /q/} (where Swagger UI
 * needs inline scripts) carries the console's security headers: no inline or foreign script, no
 * framing, no MIME sniffing, no referrer.
 */
@ApplicationScoped
public class WebConsoleRoutes {
  /** Only the console's own files; no inline script or style element, no framing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /**
   * Not the API, not Quarkus's, not one of the console's own files (a page may have dots: keys).
   */
  private static final String PAGE = "^/(?!(api|q|assets)(/|$)|favicon\\.svg$|index\\.html$).*$";

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 1).handler(WebConsoleRoutes::securityHeaders);
    router.routeWithRegex(HttpMethod.GET, PAGE).order(-10).handler(WebConsoleRoutes::page);
  }

  private static void securityHeaders(RoutingContext rc) {
    if (!rc.normalizedPath().startsWith("/q/")) {
      rc.response()
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer");
    }
    rc.next();
  }

  private static void page(RoutingContext rc) {
    rc.response().putHeader("Cache-Control", "no-cache");
    rc.reroute("/index.html");
  }
}
