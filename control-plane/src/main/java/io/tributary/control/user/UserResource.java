package io.tributary.control.user;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.account.AccountAccess;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.IfMatch;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.SigningKeyEntity;
import io.tributary.control.model.UserEntity;
import io.tributary.control.model.UserPermissions;
import io.tributary.control.model.UserSpec;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/accounts/{account}/users}: create, list, read, change ({@code If-Match} optional),
 * delete users; issue a creds file ({@code POST …/creds}, optional {@code ttl} in seconds; returned
 * once as text); the issuance history; revoke every creds issued so far; rotate the user's key.
 */
@Path("/api/v1/accounts/{account}/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class UserResource {
  /** A user as the API takes it: the fields of {@link UserSpec}, flat, and the signing key. */
  public record UserBody(
      @Pattern(
              regexp = "^[a-z0-9][a-z0-9-]{0,62}$",
              message = "lower-case letters, digits and '-', at most 63, not starting with '-'")
          String name,
      @Pattern(regexp = "^A[A-Z2-7]{55}$", message = "an account public key") String signingKey,
      @Valid UserPermissions permissions,
      @Valid UserSpec.Limits limits,
      Boolean bearer,
      List<String> connectionTypes,
      List<String> sources,
      List<UserSpec.TimeWindow> times,
      String timesLocation,
      List<@Size(min = 1, max = 255) String> tags,
      @Valid UserSpec.Expiry expiry) {
    UserSpec spec() {
      return new UserSpec(
          permissions,
          limits,
          bearer,
          connectionTypes,
          sources,
          times,
          timesLocation,
          tags,
          expiry);
    }
  }

  public record CredsRequest(@Min(1) @Max(315_360_000) Long ttl) {}

  public record UserView(
      String name,
      String publicKey,
      String signingKey,
      UserPermissions permissions,
      UserSpec.Limits limits,
      boolean bearer,
      List<String> connectionTypes,
      List<String> sources,
      List<UserSpec.TimeWindow> times,
      String timesLocation,
      List<String> tags,
      UserSpec.Expiry expiry,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    static UserView of(UserEntity u, AccountEntity a) {
      UserSpec s = u.spec;
      String signer =
          u.signingKeyId == null
              ? a.publicKey
              : SigningKeyEntity.<SigningKeyEntity>findById(u.signingKeyId).publicKey;
      return new UserView(
          u.name,
          u.publicKey,
          signer,
          s.permissions(),
          s.limits(),
          Boolean.TRUE.equals(s.bearer()),
          s.connectionTypes(),
          s.sources(),
          s.times(),
          s.timesLocation(),
          s.tags(),
          s.expiry(),
          u.version,
          u.createdAt,
          u.updatedAt);
    }
  }

  public record IssuanceView(
      String jti,
      String publicKey,
      Instant issuedAt,
      Instant expiresAt,
      String issuedBy,
      boolean revoked) {}

  @Inject UserService users;
  @Inject AccountAccess access;
  @Inject Caller caller;

  @POST
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.NAME_TAKEN,
    ApiProblem.UNKNOWN_SIGNING_KEY,
    ApiProblem.SCOPED_USER,
    ApiProblem.LIMIT_EXCEEDED,
    ApiProblem.INVALID_USER,
    ApiProblem.TEMPLATE_ERROR
  })
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UserView.class)))
  public Response create(@PathParam("account") String account, @Valid @NotNull UserBody body) {
    access.write(account);
    if (body.name() == null) {
      throw ApiProblem.INVALID_BODY.exception("a user needs a name");
    }
    UserEntity u =
        users.create(account, body.name(), body.spec(), body.signingKey(), caller.actor());
    return Response.created(URI.create("/api/v1/accounts/" + account + "/users/" + u.name))
        .entity(view(account, u.name))
        .build();
  }

  @GET
  @Problems({ApiProblem.NOT_FOUND})
  public PageView<UserView> list(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    AccountEntity a = access.read(account);
    return page.of(users.list(account), u -> UserView.of(u, a));
  }

  @GET
  @Path("/{user}")
  @Problems({ApiProblem.NOT_FOUND})
  public UserView read(@PathParam("account") String account, @PathParam("user") String user) {
    access.read(account);
    return view(account, user);
  }

  /** Changes what the body sets; {@code name} cannot change. */
  @PATCH
  @Path("/{user}")
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.BAD_IF_MATCH,
    ApiProblem.STALE_VERSION,
    ApiProblem.UNKNOWN_SIGNING_KEY,
    ApiProblem.SCOPED_USER,
    ApiProblem.LIMIT_EXCEEDED,
    ApiProblem.INVALID_USER,
    ApiProblem.TEMPLATE_ERROR
  })
  @APIResponse(
      responseCode = "200",
      description = "OK",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UserView.class)))
  public Response change(
      @PathParam("account") String account,
      @PathParam("user") String user,
      @HeaderParam("If-Match") String ifMatch,
      @Valid @NotNull UserBody body) {
    access.write(account);
    if (body.name() != null && !body.name().equals(user)) {
      throw ApiProblem.INVALID_BODY.exception("a user's name cannot change");
    }
    users.update(
        account, user, IfMatch.optional(ifMatch), body.spec(), body.signingKey(), caller.actor());
    UserView v = view(account, user);
    return Response.ok(v).header("ETag", "\"" + v.version() + "\"").build();
  }

  @DELETE
  @Path("/{user}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("account") String account, @PathParam("user") String user) {
    access.write(account);
    users.delete(account, user, caller.actor());
    return Response.noContent().build();
  }

  @POST
  @Path("/{user}/creds")
  @Produces(MediaType.TEXT_PLAIN)
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.TTL_TOO_LONG,
    ApiProblem.INVALID_USER
  })
  public String creds(
      @PathParam("account") String account,
      @PathParam("user") String user,
      @Valid CredsRequest body) {
    access.write(account);
    Duration ttl = body == null || body.ttl() == null ? null : Duration.ofSeconds(body.ttl());
    return users.issueCreds(account, user, ttl, caller.actor()).creds();
  }

  @GET
  @Path("/{user}/issuances")
  @Problems({ApiProblem.NOT_FOUND})
  public PageView<IssuanceView> issuances(
      @PathParam("account") String account,
      @PathParam("user") String user,
      @BeanParam @Valid PageRequest page) {
    AccountEntity a = access.read(account);
    return page.of(
        users.issuances(account, user),
        i ->
            new IssuanceView(
                i.jti,
                i.publicKey,
                i.issuedAt,
                i.expiresAt,
                i.issuedBy,
                UserService.isRevoked(a, i)));
  }

  /** Revokes every creds file issued to the user so far (later ones work). */
  @POST
  @Path("/{user}/revoke")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  public UserView revoke(@PathParam("account") String account, @PathParam("user") String user) {
    access.write(account);
    users.revoke(account, user, caller.actor());
    return view(account, user);
  }

  /** Gives the user a new key (the old one is revoked); issue new creds afterwards. */
  @POST
  @Path("/{user}/rotate")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  public UserView rotate(@PathParam("account") String account, @PathParam("user") String user) {
    access.write(account);
    users.rotate(account, user, caller.actor());
    return view(account, user);
  }

  private UserView view(String account, String user) {
    UserEntity u = users.get(account, user);
    return UserView.of(u, AccountEntity.byName(account));
  }
}
