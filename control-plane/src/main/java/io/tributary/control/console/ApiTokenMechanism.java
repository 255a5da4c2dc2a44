package io.tributary.control.console;

import java.util.Set;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes {@code Authorization: Bearer trb_…} (an API token) before smallrye-jwt sees it; any other
 * bearer token is left to smallrye-jwt (login tokens).
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {
  /** The credential an API token request carries. */
  public static final class ApiTokenRequest extends BaseAuthenticationRequest {
    final String token;

    ApiTokenRequest(String token) {
      this.token = token;
    }
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ipm) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Uni.createFrom().nullItem();
    }
    String token = header.substring(7).strip();
    if (!token.startsWith(ApiTokenService.PREFIX)) {
      return Uni.createFrom().nullItem();
    }
    return ipm.authenticate(
        HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token), context));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(ApiTokenRequest.class);
  }

  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 100; // before smallrye-jwt, which would refuse a non-JWT token
  }
}
