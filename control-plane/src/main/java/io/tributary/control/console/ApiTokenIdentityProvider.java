package io.tributary.control.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.control.api.ApiProblem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns an API token into its owner's identity (the owner's current role). */
@ApplicationScoped
public class ApiTokenIdentityProvider
    implements IdentityProvider<ApiTokenMechanism.ApiTokenRequest> {
  /** The identity attribute that holds the token's name (for the audit log). */
  public static final String TOKEN_NAME = "tributary.api-token";

  @Inject ApiTokenService tokens;
  @Inject ConsoleUserService users;

  @Override
  public Class<ApiTokenMechanism.ApiTokenRequest> getRequestType() {
    return ApiTokenMechanism.ApiTokenRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      ApiTokenMechanism.ApiTokenRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () -> {
          ApiTokenService.Authenticated a =
              tokens
                  .authenticate(request.token)
                  .orElseThrow(
                      () ->
                          new AuthenticationFailedException(
                              ApiProblem.UNAUTHENTICATED.exception(
                                  "the API token is unknown, expired or revoked")));
          Principal owner =
              users
                  .principal(a.ownerId())
                  .orElseThrow(
                      () ->
                          new AuthenticationFailedException(
                              ApiProblem.UNAUTHENTICATED.exception(
                                  "the API token's owner is gone")));
          return QuarkusSecurityIdentity.builder()
              .setPrincipal(new QuarkusPrincipal(owner.username()))
              .addRole(owner.role())
              .addAttribute(TOKEN_NAME, a.name())
              .addAttribute(Caller.USER_ID, owner.id())
              .build();
        });
  }
}
