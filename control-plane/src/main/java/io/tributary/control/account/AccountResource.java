package io.tributary.control.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.tributary.control.api.ApiException;
import io.tributary.control.api.Caller;
import io.tributary.control.console.ConsoleUser;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/accounts}: create, list (paginated), read, change ({@code If-Match} with the
 * version, else 428; stale → 412), delete, and the account's current JWT. Operator admins only
 * until per-account roles land.
 */
@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(ConsoleUser.OPERATOR_ADMIN)
public class AccountResource {
  static final String NAME = "^[a-z0-9][a-z0-9-]{0,62}$";

  public record NewAccount(
      @NotNull
          @Pattern(
              regexp = NAME,
              message = "lower-case letters, digits and '-', at most 63, not starting with '-'")
          String name,
      @Size(max = 1000) String description,
      @Valid AccountLimits limits) {}

  public record AccountChange(@Size(max = 1000) String description, AccountLimits limits) {}

  public record AccountView(
      String name,
      String description,
      String publicKey,
      AccountLimits limits,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    static AccountView of(AccountEntity a) {
      return new AccountView(
          a.name, a.description, a.publicKey, a.limits, a.version, a.createdAt, a.updatedAt);
    }
  }

  public record PageView<T>(List<T> items, int page, int size, long total) {}

  @Inject AccountService accounts;
  @Inject Caller caller;

  @POST
  public Response create(@Valid @NotNull NewAccount body) {
    AccountEntity a =
        accounts.create(
            body.name(), body.description(), body.limits(), caller.name(), caller.source());
    return withVersion(Response.created(URI.create("/api/v1/accounts/" + a.name)), get(a.name))
        .build();
  }

  @GET
  public PageView<AccountView> list(
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
    AccountService.Listing l = accounts.list(page, size);
    return new PageView<>(l.items().stream().map(AccountView::of).toList(), page, size, l.total());
  }

  @GET
  @Path("/{name}")
  public Response read(@PathParam("name") String name) {
    return withVersion(Response.ok(), get(name)).build();
  }

  @PATCH
  @Path("/{name}")
  public Response change(
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Valid @NotNull AccountChange body) {
    accounts.update(
        name, version(ifMatch), body.description(), body.limits(), caller.name(), caller.source());
    return withVersion(Response.ok(), get(name)).build();
  }

  @DELETE
  @Path("/{name}")
  public Response delete(@PathParam("name") String name) {
    accounts.delete(name, caller.name(), caller.source());
    return Response.noContent().build();
  }

  @GET
  @Path("/{name}/jwt")
  @Produces(MediaType.TEXT_PLAIN)
  public String jwt(@PathParam("name") String name) {
    return accounts.get(name).jwt;
  }

  private AccountView get(String name) {
    return AccountView.of(accounts.get(name));
  }

  private static Response.ResponseBuilder withVersion(Response.ResponseBuilder b, AccountView v) {
    return b.entity(v).header("ETag", "\"" + v.version() + "\"");
  }

  /** The version an {@code If-Match} header names ({@code "3"} or {@code 3}). */
  private static long version(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiException(
          428, "precondition-required", "send If-Match with the version you read (the ETag)");
    }
    try {
      return Long.parseLong(ifMatch.strip().replace("W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad-if-match", "If-Match must be the ETag of the account");
    }
  }
}
