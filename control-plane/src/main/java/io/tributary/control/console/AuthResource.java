package io.tributary.control.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Sign-in: {@code POST /api/v1/auth/login} gives a short-lived bearer token; {@code GET /me}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
  /** How long a login token is valid. */
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

  /**
   * Signing in and out, and invitations: the session cookie is never read under this path, so a
   * stale one cannot stand in the way.
   */
  static final String ANONYMOUS_PATHS = "/api/v1/auth/";

  public record Login(@NotBlank String username, @NotNull String password) {}

  public record Token(String token, Instant expiresAt) {}

  /**
   * The caller: role, the accounts it may see (none listed for an operator-admin, who sees all),
   * and the API token it used, if any.
   */
  public record Me(
      String username,
      String role,
      List<String> accounts,
      String apiToken,
      @Schema(
              description =
                  "the console session's CSRF token; null unless signed in with the cookie")
          String csrfToken,
      @Schema(description = "when the login token or session expires; null for an API token")
          Instant expiresAt) {}

  @Inject ConsoleUserService users;
  @Inject LoginThrottle throttle;
  @Inject Caller caller;

  @POST
  @Path("/auth/login")
  @Problems(
      authenticated = false,
      value = {ApiProblem.INVALID_CREDENTIALS, ApiProblem.TOO_MANY_REQUESTS})
  public Token login(@Valid @NotNull Login login) {
    return loginToken(signIn(login));
  }

  /**
   * The web console's sign-in: the login token in an httpOnly, {@code SameSite=Strict} cookie
   * (never in the body: no script in the page can read it), and the caller with the session's CSRF
   * token, which every change made with the cookie must carry ({@link SessionCookieMechanism}).
   */
  @POST
  @Path("/auth/session")
  @Problems(
      authenticated = false,
      value = {ApiProblem.INVALID_CREDENTIALS, ApiProblem.TOO_MANY_REQUESTS})
  @APIResponse(
      responseCode = "200",
      description = "OK",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Me.class)))
  public Response openSession(@Valid @NotNull Login login, @Context UriInfo uri) {
    return session(signIn(login), users, uri);
  }

  /** A new console session for {@code u}: the cookie, and the caller with its CSRF token. */
  static Response session(ConsoleUser u, ConsoleUserService users, UriInfo uri) {
    String csrf = RandomTokens.of(24);
    Token token = loginToken(u, csrf);
    Me me =
        new Me(
            u.username,
            u.role,
            users.accountNames(users.principal(u.id).orElseThrow().accountIds()),
            null,
            csrf,
            token.expiresAt());
    return Response.ok(me).cookie(sessionCookie(token.token(), TOKEN_LIFETIME, uri)).build();
  }

  /** Signs out of the web console: the session cookie is cleared. */
  @DELETE
  @Path("/auth/session")
  @Problems(
      authenticated = false,
      value = {})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response closeSession(@Context UriInfo uri) {
    return Response.noContent().cookie(sessionCookie("", Duration.ZERO, uri)).build();
  }

  private static NewCookie sessionCookie(String value, Duration maxAge, UriInfo uri) {
    return new NewCookie.Builder(SessionCookieMechanism.COOKIE)
        .value(value)
        .path("/api/")
        .httpOnly(true)
        .sameSite(NewCookie.SameSite.STRICT)
        .secure("https".equals(uri.getRequestUri().getScheme()))
        .maxAge((int) maxAge.toSeconds())
        .build();
  }

  /** The console user with these credentials; 401 or 429 (throttled) otherwise. */
  private ConsoleUser signIn(Login login) {
    Actor from = Actor.anonymous(caller.source());
    throttle.requireAllowed(login.username(), from);
    ConsoleUser u = users.authenticate(login.username(), login.password()).orElse(null);
    if (u == null) {
      throttle.failed(login.username(), from);
      throw ApiProblem.INVALID_CREDENTIALS.exception("unknown username or wrong password");
    }
    throttle.succeeded(login.username());
    return u;
  }

  /**
   * A login token for {@code u}: its id and token version, checked on every request by {@link
   * LoginTokenCheck}.
   */
  static Token loginToken(ConsoleUser u) {
    return loginToken(u, null);
  }

  /**
   * A login token for {@code u} that, when {@code csrf} is not null, is a console session's: a
   * change made with it must carry that value in {@code X-CSRF-Token} ({@link
   * SessionCookieMechanism}).
   */
  static Token loginToken(ConsoleUser u, String csrf) {
    Instant expires = Instant.now().plus(TOKEN_LIFETIME);
    var claims =
        Jwt.issuer(TokenKeys.ISSUER)
            .subject(String.valueOf(u.id))
            .upn(u.username)
            .groups(Set.of(u.role))
            .claim(LoginTokenCheck.TOKEN_VERSION, u.tokenVersion)
            .expiresAt(expires);
    if (csrf != null) {
      claims.claim(SessionCookieMechanism.CSRF_CLAIM, csrf);
    }
    return new Token(claims.sign(), expires);
  }

  @GET
  @Path("/me")
  @Authenticated
  public Me me() {
    Principal u = caller.user();
    return new Me(
        u.username(),
        u.role(),
        users.accountNames(u.accountIds()),
        caller.tokenName(),
        caller.sessionCsrf(),
        caller.tokenExpiry());
  }
}
