package io.tributary.control.console;

import java.time.Instant;
import java.util.Optional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.vertx.ext.web.RoutingContext;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who makes the current request: the console user as the service knows it now (a changed role or a
 * deleted user takes effect whatever the bearer token says), from where, and through which API
 * token if any.
 */
@RequestScoped
public class Caller {
  /** The identity attribute with the console user's id (login and API tokens alike). */
  static final String USER_ID = "tributary.console-user-id";

  @Inject SecurityIdentity identity;
  @Inject RoutingContext routing;

  @Inject ConsoleUserService users;

  private Principal user;

  /** The console user's name. */
  public String name() {
    return identity.getPrincipal().getName();
  }

  /** The API token's name when the request came with one, else null. */
  public String tokenName() {
    return identity.getAttribute(ApiTokenIdentityProvider.TOKEN_NAME);
  }

  /** The CSRF token of the console session the request came with, else null. */
  public String sessionCsrf() {
    return identity.getAttribute(SessionCookieMechanism.CSRF_ATTRIBUTE);
  }

  /** When the caller's login token expires; null for an API token. */
  public Instant tokenExpiry() {
    return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
        ? Instant.ofEpochSecond(jwt.getExpirationTime())
        : null;
  }

  /** The client's address, or null. */
  public String source() {
    var a = routing.request().remoteAddress();
    return a == null ? null : a.hostAddress();
  }

  /** Who the audit log names for this request. */
  public Actor actor() {
    String token = tokenName();
    return new Actor(token == null ? name() : name() + "[token:" + token + "]", source());
  }

  /** The console user; 401 if it was deleted after its token was issued. */
  public Principal user() {
    if (user == null) {
      Long id = identity.getAttribute(USER_ID);
      user =
          (id == null ? Optional.<Principal>empty() : users.principal(id))
              .orElseThrow(
                  () ->
                      ApiProblem.UNAUTHENTICATED.exception(
                          "console user '" + name() + "' is gone"));
    }
    return user;
  }

  public boolean isOperatorAdmin() {
    return user().isOperatorAdmin();
  }

  /** 403 unless the caller is an operator-admin. */
  public void requireOperatorAdmin() {
    if (!isOperatorAdmin()) {
      throw ApiProblem.FORBIDDEN.exception("only an operator-admin may do this");
    }
  }
}
