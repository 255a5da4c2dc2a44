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
 * it never reaches {@link ProblemMapper}. An API token is looked up in the database: when that
 * cannot be reached the caller gets the same 503 {@code database-unavailable} problem with {@code
 * Retry-After} as from a resource, not a bare 500.
 */
@ApplicationScoped
public class AuthenticationFailureHandler {
  private static final Logger LOG = Logger.getLogger(AuthenticationFailureHandler.class);

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
  }

  private void handle(RoutingContext rc) {
    if (rc.response().headWritten() || !ProblemMapper.isDatabaseUnavailable(rc.failure())) {
      rc.next();
      return;
    }
    LOG.warnf("database unavailable while authenticating: %s", rc.failure().getMessage());
    Problem p = ProblemMapper.databaseUnavailable();
    try {
      rc.response()
          .setStatusCode(p.status())
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .putHeader("Retry-After", ProblemMapper.RETRY_AFTER_SECONDS)
          .end(json.writeValueAsString(p));
    } catch (JsonProcessingException e) {
      rc.next();
    }
  }
}
