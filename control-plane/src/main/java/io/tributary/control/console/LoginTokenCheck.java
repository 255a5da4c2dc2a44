package io.tributary.control.console;

import java.util.Optional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.control.api.ApiProblem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a login token against its console user on every request: the user it names by id (a new
 * user with a deleted one's name is someone else) must exist and still have the token's version (a
 * password change bumps it). Otherwise 401 {@code unauthenticated}, saying so.
 */
@ApplicationScoped
public class LoginTokenCheck implements SecurityIdentityAugmentor {
  /** The claim with the console user's token version. */
  static final String TOKEN_VERSION = "tv";

  @Inject ConsoleUserService users;

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return Uni.createFrom()
          .item(identity); // anonymous, or an API token (checked by its provider)
    }
    return context.runBlocking(
        () -> {
          Principal user =
              current(jwt)
                  .orElseThrow(
                      () ->
                          new AuthenticationFailedException(
                              ApiProblem.UNAUTHENTICATED.exception(
                                  "the login token's user is gone or its password changed;"
                                      + " log in again")));
          return QuarkusSecurityIdentity.builder(identity)
              .addAttribute(Caller.USER_ID, user.id())
              .build();
        });
  }

  private Optional<Principal> current(JsonWebToken jwt) {
    Object version = jwt.getClaim(TOKEN_VERSION);
    long id;
    try {
      id = Long.parseLong(jwt.getSubject());
    } catch (NumberFormatException e) {
      return Optional.empty(); // a token made before tokens named the user's id
    }
    return users
        .principal(id)
        .filter(
            p -> version != null && version.toString().equals(String.valueOf(p.tokenVersion())));
  }
}
