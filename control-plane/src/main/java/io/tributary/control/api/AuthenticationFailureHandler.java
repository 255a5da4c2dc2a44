package io.tributary.control.api;

import org.jboss.logging.Logger;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Authentication runs before any resource (proactively, on the HTTP route), so what goes wrong in
 * it never reaches {@link ProblemMapper}. A refused bearer token (malformed, forged, expired, its
 * user gone or its password changed, an unknown or revoked API token) gets the 401 {@code
 * unauthenticated} problem with {@code WWW-Authenticate: Bearer}, not Quarkus's empty 401. An API
 * token is looked up in the database: when that cannot be reached the caller gets the same 503
 * {@code database-unavailable} problem with {@code Retry-After} as from a resource, not a bare 500.
 */
@ApplicationScoped
public class AuthenticationFailureHandler {
  private static final Logger LOG = Logger.getLogger(AuthenticationFailureHandler.class);

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
  }

  private void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.next();
      return;
    }
    if (ProblemMapper.isDatabaseUnavailable(rc.failure())) {
      LOG.warnf("database unavailable while authenticating: %s", rc.failure().getMessage());
      rc.response().putHeader("Retry-After", ProblemMapper.RETRY_AFTER_SECONDS);
      send(rc, ProblemMapper.databaseUnavailable());
    } else if (ProblemMapper.isAuthenticationFailure(rc.failure())) {
      rc.response().putHeader("WWW-Authenticate", ProblemMapper.CHALLENGE);
      send(rc, ProblemMapper.unauthenticated(rc.failure()));
    } else {
      rc.next();
    }
  }

  private void send(RoutingContext rc, Problem p) {
    try {
      rc.response()
          .setStatusCode(p.status())
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .end(json.writeValueAsString(p));
    } catch (JsonProcessingException e) {
      rc.next();
    }
  }
}
