package io.tributary.control.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.quarkus.security.Authenticated;
import io.smallrye.jwt.build.Jwt;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problems;
import io.tributary.control.audit.Actor;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Sign-in: {@code POST /api/v1/auth/login} gives a short-lived bearer token; {@code GET /me}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
  /** How long a login token is valid. */
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

  public record Login(@NotBlank String username, @NotNull String password) {}

  public record Token(String token, Instant expiresAt) {}

  /**
   * The caller: role, the accounts it may see (none listed for an operator-admin, who sees all),
   * and the API token it used, if any.
   */
  public record Me(String username, String role, List<String> accounts, String apiToken) {}

  @Inject ConsoleUserService users;
  @Inject LoginThrottle throttle;
  @Inject Caller caller;

  @POST
  @Path("/auth/login")
  @Problems(
      authenticated = false,
      value = {ApiProblem.INVALID_CREDENTIALS, ApiProblem.TOO_MANY_REQUESTS})
  public Token login(@Valid @NotNull Login login) {
    Actor from = Actor.anonymous(caller.source());
    throttle.requireAllowed(login.username(), from);
    ConsoleUser u = users.authenticate(login.username(), login.password()).orElse(null);
    if (u == null) {
      throttle.failed(login.username(), from);
      throw ApiProblem.INVALID_CREDENTIALS.exception("unknown username or wrong password");
    }
    throttle.succeeded(login.username());
    return loginToken(u);
  }

  /**
   * A login token for {@code u}: its id and token version, checked on every request by {@link
   * LoginTokenCheck}.
   */
  static Token loginToken(ConsoleUser u) {
    Instant expires = Instant.now().plus(TOKEN_LIFETIME);
    String token =
        Jwt.issuer(TokenKeys.ISSUER)
            .subject(String.valueOf(u.id))
            .upn(u.username)
            .groups(Set.of(u.role))
            .claim(LoginTokenCheck.TOKEN_VERSION, u.tokenVersion)
            .expiresAt(expires)
            .sign();
    return new Token(token, expires);
  }

  @GET
  @Path("/me")
  @Authenticated
  public Me me() {
    Principal u = caller.user();
    return new Me(u.username(), u.role(), users.accountNames(u.accountIds()), caller.tokenName());
  }
}
