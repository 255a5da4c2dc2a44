package io.tributary.control.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.IfMatch;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.cluster.ClusterEntity;
import io.tributary.control.cluster.ClusterService;
import io.tributary.control.cluster.NodeRepository;
import io.tributary.control.console.Caller;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.AccountLimits;
import io.tributary.control.model.UserPermissions;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
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
 * {@code /api/v1/accounts}: create, list (paginated; each caller sees the accounts it may), read,
 * change ({@code If-Match} with the version, else 428; stale → 412), delete, and the account's
 * current JWT. Operator-admins create and delete accounts and set limits; account-admins change
 * description, tags and default permissions of theirs.
 */
@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class AccountResource {
  static final String NAME = "^[a-z0-9][a-z0-9-]{0,62}$";

  public record NewAccount(
      @NotNull
          @Pattern(
              regexp = NAME,
              message = "lower-case letters, digits and '-', at most 63, not starting with '-'")
          String name,
      @Size(max = 1000) String description,
      @Valid AccountLimits limits,
      List<@Size(min = 1, max = 255) String> tags,
      List<String> clusters) {}

  public record AccountChange(
      @Size(max = 1000) String description,
      @Valid AccountLimits limits,
      List<@Size(min = 1, max = 255) String> tags,
      @Valid UserPermissions defaultPermissions,
      List<String> clusters) {}

  public record AccountView(
      String name,
      String description,
      String publicKey,
      AccountLimits limits,
      List<String> tags,
      UserPermissions defaultPermissions,
      Map<String, Long> revocations,
      List<String> clusters,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    static AccountView of(AccountEntity a) {
      return new AccountView(
          a.name,
          a.description,
          a.publicKey,
          a.limits,
          a.tags,
          a.defaultPermissions,
          a.revocations,
          a.clusterIds.isEmpty()
              ? List.of()
              : ClusterEntity.<ClusterEntity>list("id in ?1", a.clusterIds).stream()
                  .map(c -> c.name)
                  .sorted()
                  .toList(),
          a.version,
          a.createdAt,
          a.updatedAt);
    }
  }

  public record PushStatusView(
      String account, String jwtHash, List<ClusterService.NodeState> nodes) {}

  @Inject AccountService accounts;
  @Inject ClusterService clusters;
  @Inject AccountAccess access;
  @Inject Caller caller;

  @POST
  @Problems({
    ApiProblem.FORBIDDEN,
    ApiProblem.NAME_TAKEN,
    ApiProblem.UNKNOWN_CLUSTER,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountView.class)))
  public Response create(@Valid @NotNull NewAccount body) {
    caller.requireOperatorAdmin();
    AccountEntity a =
        accounts.create(
            body.name(),
            body.description(),
            body.limits(),
            body.tags(),
            body.clusters(),
            caller.actor());
    return withVersion(Response.created(URI.create("/api/v1/accounts/" + a.name)), get(a.name))
        .build();
  }

  /** {@code ?q=…&sort=…} of the account list. */
  public static class AccountFilter {
    @QueryParam("q")
    @Size(max = 200)
    public String q;

    @QueryParam("sort")
    @DefaultValue("name")
    @Pattern(
        regexp = "-?(name|createdAt|updatedAt)",
        message = "must be name, createdAt or updatedAt, with a leading - to reverse")
    public String sort;
  }

  /**
   * The accounts the caller may see, a page at a time: {@code q} keeps those whose name or
   * description contains it (any case), {@code sort} orders them by {@code name}, {@code createdAt}
   * or {@code updatedAt}, descending with a leading {@code -} (ties by name).
   */
  @GET
  public PageView<AccountView> list(
      @BeanParam @Valid PageRequest page, @BeanParam @Valid AccountFilter filter) {
    Set<Long> visible = access.visible();
    if (visible != null && visible.isEmpty()) {
      return new PageView<>(List.of(), page.page, page.size, 0);
    }
    return page.of(accounts.list(visible, filter.q, filter.sort), AccountView::of);
  }

  @GET
  @Path("/{name}")
  @Problems({ApiProblem.NOT_FOUND})
  @APIResponse(
      responseCode = "200",
      description = "OK",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountView.class)))
  public Response read(@PathParam("name") String name) {
    return withVersion(Response.ok(), AccountView.of(access.read(name))).build();
  }

  @PATCH
  @Path("/{name}")
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.FORBIDDEN,
    ApiProblem.PRECONDITION_REQUIRED,
    ApiProblem.BAD_IF_MATCH,
    ApiProblem.STALE_VERSION,
    ApiProblem.UNKNOWN_CLUSTER,
    ApiProblem.LIMIT_EXCEEDED,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(
      responseCode = "200",
      description = "OK",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountView.class)))
  public Response change(
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Valid @NotNull AccountChange body) {
    if (body.limits() != null || body.clusters() != null) {
      access.operate(name);
    } else {
      access.write(name);
    }
    // the entity the transaction wrote: this request's session still holds the one read above
    AccountEntity changed =
        accounts.update(
            name,
            IfMatch.required(ifMatch),
            new AccountService.Change(
                body.description(),
                body.limits(),
                body.tags(),
                body.defaultPermissions(),
                body.clusters()),
            caller.actor());
    return withVersion(Response.ok(), AccountView.of(changed)).build();
  }

  @DELETE
  @Path("/{name}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.FORBIDDEN})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("name") String name) {
    access.operate(name);
    accounts.delete(name, caller.actor());
    return Response.noContent().build();
  }

  @GET
  @Path("/{name}/jwt")
  @Produces(MediaType.TEXT_PLAIN)
  @Problems({ApiProblem.NOT_FOUND})
  public String jwt(@PathParam("name") String name) {
    return access.read(name).jwt;
  }

  /** Which nodes of the account's clusters hold its current JWT, which are pending and why. */
  @GET
  @Path("/{name}/push-status")
  @Problems({ApiProblem.NOT_FOUND})
  public PushStatusView pushStatus(@PathParam("name") String name) {
    AccountEntity a = access.read(name);
    return new PushStatusView(a.name, NodeRepository.hash(a.jwt), clusters.pushStatus(a));
  }

  private AccountView get(String name) {
    return AccountView.of(accounts.get(name));
  }

  private static Response.ResponseBuilder withVersion(Response.ResponseBuilder b, AccountView v) {
    return b.entity(v).header("ETag", "\"" + v.version() + "\"");
  }
}
