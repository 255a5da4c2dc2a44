package io.tributary.control.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/tokens}: the caller's API tokens. A token is shown once, when it is made; it acts
 * as its owner. Tokens cannot make tokens (a leaked token must not be able to entrench itself).
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiTokenResource {
  public record NewToken(
      @NotNull
          @Pattern(
              regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$",
              message = "letters, digits, '.', '_' and '-', at most 63")
          String name,
      @Min(60) @Max(63_072_000) Long ttl) {}

  public record TokenView(
      long id,
      String name,
      String prefix,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt) {
    static TokenView of(ApiToken t) {
      return new TokenView(t.id, t.name, t.prefix, t.createdAt, t.expiresAt, t.lastUsedAt);
    }
  }

  /** The answer to a new token: the only time {@code token} is shown. */
  public record MintedView(long id, String name, String token, Instant expiresAt) {}

  @Inject ApiTokenService tokens;
  @Inject Caller caller;

  @POST
  @Problems({ApiProblem.TOKEN_CANNOT_MINT, ApiProblem.NAME_TAKEN})
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MintedView.class)))
  public Response create(@Valid @NotNull NewToken body) {
    if (caller.tokenName() != null) {
      throw ApiProblem.TOKEN_CANNOT_MINT.exception("log in with a password to make API tokens");
    }
    Duration ttl = body.ttl() == null ? null : Duration.ofSeconds(body.ttl());
    ApiTokenService.Minted m = tokens.create(caller.user(), body.name(), ttl, caller.actor());
    return Response.created(URI.create("/api/v1/tokens/" + m.row().id))
        .entity(new MintedView(m.row().id, m.row().name, m.token(), m.row().expiresAt))
        .build();
  }

  @GET
  public PageView<TokenView> list(@BeanParam @Valid PageRequest page) {
    return page.of(tokens.list(caller.user()), TokenView::of);
  }

  @DELETE
  @Path("/{id}")
  @Problems({ApiProblem.NOT_FOUND})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("id") long id) {
    tokens.delete(id, caller.user(), caller.actor());
    return Response.noContent().build();
  }
}
