package io.tributary.control.console;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.tributary.control.api.ApiProblem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The web console's session: the login token in an httpOnly, {@code SameSite=Strict} cookie that no
 * script in the page can read, verified as a bearer login token is (signature, expiry, the user's
 * token version). A request that changes something must also carry the session's CSRF token in
 * {@code X-CSRF-Token} (403 {@code csrf-rejected} otherwise): the cookie alone never suffices. A
 * request with an {@code Authorization} header is the bearer mechanisms' (the CLI's, scripts'), and
 * signing in or out and accepting an invitation ({@code /api/v1/auth/…}) never look at the cookie,
 * so a stale one cannot stand in the way.
 */
@ApplicationScoped
public class SessionCookieMechanism implements HttpAuthenticationMechanism {
  /** The cookie's name. */
  public static final String COOKIE = "tributary_session";

  /** The header a change made with the cookie carries. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The login token's claim with the session's CSRF token. */
  static final String CSRF_CLAIM = "csrf";

  /** The identity attribute with the session's CSRF token. */
  static final String CSRF_ATTRIBUTE = "tributary.session-csrf";

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ipm) {
    Cookie cookie = context.request().getCookie(COOKIE);
    if (cookie == null
        || cookie.getValue().isEmpty()
        || context.request().getHeader("Authorization") != null
        || context.normalizedPath().startsWith(AuthResource.ANONYMOUS_PATHS)) {
      return Uni.createFrom().nullItem();
    }
    var request = new TokenAuthenticationRequest(new JsonWebTokenCredential(cookie.getValue()));
    boolean safe = SAFE.contains(context.request().method());
    String sent = context.request().getHeader(CSRF_HEADER);
    return ipm.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context))
        .map(
            identity -> {
              String csrf =
                  identity.getPrincipal() instanceof JsonWebToken jwt
                      ? jwt.getClaim(CSRF_CLAIM)
                      : null;
              if (csrf == null) {
                throw new AuthenticationFailedException(
                    ApiProblem.UNAUTHENTICATED.exception(
                        "the session cookie does not hold a console session; sign in again"));
              }
              if (!safe && !csrf.equals(sent)) {
                throw new AuthenticationFailedException(
                    ApiProblem.CSRF_REJECTED.exception(
                        sent == null
                            ? "send the session's CSRF token (GET /api/v1/me) in " + CSRF_HEADER
                            : CSRF_HEADER + " is not this session's CSRF token"));
              }
              return QuarkusSecurityIdentity.builder(identity)
                  .addAttribute(CSRF_ATTRIBUTE, csrf)
                  .build();
            });
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 200; // before the bearer mechanisms, which ignore cookies
  }
}
