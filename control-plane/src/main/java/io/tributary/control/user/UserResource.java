package io.tributary.control.user;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tributary.control.api.Caller;
import io.tributary.control.console.ConsoleUser;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/accounts/{account}/users}: create, list, read, delete users; issue a creds file
 * ({@code POST …/creds}, optional {@code ttl} in seconds; the file is returned once as text); the
 * issuance history. Operator admins only until per-account roles land.
 */
@Path("/api/v1/accounts/{account}/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(ConsoleUser.OPERATOR_ADMIN)
public class UserResource {
  public record NewUser(
      @NotNull
          @Pattern(
              regexp = "^[a-z0-9][a-z0-9-]{0,62}$",
              message = "lower-case letters, digits and '-', at most 63, not starting with '-'")
          String name,
      UserPermissions permissions,
      boolean bearer) {}

  public record CredsRequest(@Min(1) @Max(31_536_000) Long ttl) {}

  public record UserView(
      String name,
      String publicKey,
      UserPermissions permissions,
      boolean bearer,
      long version,
      Instant createdAt) {
    static UserView of(UserEntity u) {
      return new UserView(u.name, u.publicKey, u.permissions, u.bearer, u.version, u.createdAt);
    }
  }

  public record IssuanceView(String jti, Instant issuedAt, Instant expiresAt, String issuedBy) {}

  public record PageView<T>(List<T> items, int page, int size, long total) {}

  @Inject UserService users;
  @Inject Caller caller;

  @POST
  public Response create(@PathParam("account") String account, @Valid @NotNull NewUser body) {
    UserEntity u =
        users.create(
            account,
            body.name(),
            body.permissions(),
            body.bearer(),
            caller.name(),
            caller.source());
    return Response.created(URI.create("/api/v1/accounts/" + account + "/users/" + u.name))
        .entity(UserView.of(users.get(account, u.name)))
        .build();
  }

  @GET
  public PageView<UserView> list(
      @PathParam("account") String account,
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
    UserService.Listing l = users.list(account, page, size);
    return new PageView<>(l.items().stream().map(UserView::of).toList(), page, size, l.total());
  }

  @GET
  @Path("/{user}")
  public UserView read(@PathParam("account") String account, @PathParam("user") String user) {
    return UserView.of(users.get(account, user));
  }

  @DELETE
  @Path("/{user}")
  public Response delete(@PathParam("account") String account, @PathParam("user") String user) {
    users.delete(account, user, caller.name(), caller.source());
    return Response.noContent().build();
  }

  @POST
  @Path("/{user}/creds")
  @Produces(MediaType.TEXT_PLAIN)
  public String creds(
      @PathParam("account") String account,
      @PathParam("user") String user,
      @Valid CredsRequest body) {
    Duration ttl = body == null || body.ttl() == null ? null : Duration.ofSeconds(body.ttl());
    return users.issueCreds(account, user, ttl, caller.name(), caller.source()).creds();
  }

  @GET
  @Path("/{user}/issuances")
  public List<IssuanceView> issuances(
      @PathParam("account") String account, @PathParam("user") String user) {
    return users.issuances(account, user).stream()
        .map(i -> new IssuanceView(i.jti, i.issuedAt, i.expiresAt, i.issuedBy))
        .toList();
  }
}
