package io.tributary.control.console;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problem;
import io.tributary.control.api.Problems;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/console-users}: the people and automation that use the API. Operator-admins manage
 * them; everyone may read themselves and change their own password.
 */
@Path("/api/v1/console-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ConsoleUserResource {
  static final String ROLE = "^(operator-admin|account-admin|account-viewer)$";
  static final String ROLE_MESSAGE = "one of operator-admin, account-admin, account-viewer";

  public record NewConsoleUser(
      @NotNull
          @Pattern(
              regexp = "^[a-z0-9][a-z0-9._-]{0,62}$",
              message = "lower-case letters, digits, '.', '_' and '-', at most 63")
          String username,
      @NotNull @Size(min = 12, max = 200, message = "between 12 and 200 characters")
          String password,
      @NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String role,
      List<String> accounts) {}

  /** {@code currentPassword} is needed to change one's own password. */
  public record ConsoleUserChange(
      @Size(min = 12, max = 200, message = "between 12 and 200 characters") String password,
      String currentPassword,
      @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String role,
      List<String> accounts) {}

  /**
   * A console user. After a password change, also its API tokens (still valid: review them) and,
   * when it was one's own, a new login token (the user's other login tokens have ended).
   */
  public record ConsoleUserView(
      String username,
      String role,
      List<String> accounts,
      Instant createdAt,
      Instant updatedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ApiTokenResource.TokenView> apiTokens,
      @JsonInclude(JsonInclude.Include.NON_NULL) AuthResource.Token login) {}

  @Inject ConsoleUserService users;
  @Inject ApiTokenService tokens;
  @Inject LoginThrottle throttle;
  @Inject Caller caller;

  @POST
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NAME_TAKEN, ApiProblem.UNKNOWN_ACCOUNT})
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ConsoleUserView.class)))
  public Response create(@Valid @NotNull NewConsoleUser body) {
    caller.requireOperatorAdmin();
    ConsoleUser u =
        users.create(
            body.username(),
            body.password(),
            new ConsoleUserService.Grant(body.role(), body.accounts()),
            caller.actor());
    return Response.created(URI.create("/api/v1/console-users/" + u.username))
        .entity(view(u))
        .build();
  }

  @GET
  @Problems({ApiProblem.FORBIDDEN})
  public PageView<ConsoleUserView> list(@BeanParam @Valid PageRequest page) {
    caller.requireOperatorAdmin();
    return page.of(users.list(), this::view);
  }

  @GET
  @Path("/{username}")
  @Problems({ApiProblem.NOT_FOUND})
  public ConsoleUserView read(@PathParam("username") String username) {
    requireSelfOrAdmin(username);
    return view(users.get(username));
  }

  /**
   * Operator-admins change anything; others only their own password. One's own password needs the
   * current one (a stolen session must not keep the account).
   */
  @PATCH
  @Path("/{username}")
  @Problems({
    ApiProblem.FORBIDDEN,
    ApiProblem.NOT_FOUND,
    ApiProblem.UNKNOWN_ACCOUNT,
    ApiProblem.LAST_OPERATOR_ADMIN,
    ApiProblem.TOO_MANY_REQUESTS
  })
  public ConsoleUserView change(
      @PathParam("username") String username, @Valid @NotNull ConsoleUserChange body) {
    requireSelfOrAdmin(username);
    boolean grants = body.role() != null || body.accounts() != null;
    if (grants) {
      caller.requireOperatorAdmin();
    }
    boolean own = body.password() != null && caller.name().equals(username);
    if (own) {
      requireCurrentPassword(username, body.currentPassword());
    }
    ConsoleUserService.Grant grant =
        grants ? new ConsoleUserService.Grant(body.role(), body.accounts()) : null;
    ConsoleUser u = users.update(username, body.password(), grant, caller.actor());
    if (body.password() == null) {
      return view(u);
    }
    List<ApiTokenResource.TokenView> apiTokens =
        tokens.list(Principal.of(u)).list().stream().map(ApiTokenResource.TokenView::of).toList();
    return new ConsoleUserView(
        u.username,
        u.role,
        users.accountNames(u.accountIds),
        u.createdAt,
        u.updatedAt,
        apiTokens,
        own ? AuthResource.loginToken(u) : null);
  }

  @DELETE
  @Path("/{username}")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND, ApiProblem.LAST_OPERATOR_ADMIN})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("username") String username) {
    requireSelfOrAdmin(username);
    caller.requireOperatorAdmin();
    users.delete(username, caller.actor());
    return Response.noContent().build();
  }

  /** Others' names do not leak: a non-admin asking for or about someone else gets 404. */
  private void requireSelfOrAdmin(String username) {
    if (!caller.isOperatorAdmin() && !caller.name().equals(username)) {
      throw ApiProblem.NOT_FOUND.exception("no console user '" + username + "'");
    }
  }

  /** A wrong current password counts as a failed login (no guessing through a session). */
  private void requireCurrentPassword(String username, String current) {
    if (current == null) {
      throw ApiProblem.INVALID_BODY.exception(
          "the current password is needed to change your own",
          List.of(new Problem.FieldError("currentPassword", "required to change your password")));
    }
    throttle.requireAllowed(username, caller.actor());
    if (users.authenticate(username, current).isEmpty()) {
      throttle.failed(username, caller.actor());
      throw ApiProblem.INVALID_BODY.exception(
          "the current password is wrong",
          List.of(new Problem.FieldError("currentPassword", "not the current password")));
    }
  }

  private ConsoleUserView view(ConsoleUser u) {
    return new ConsoleUserView(
        u.username, u.role, users.accountNames(u.accountIds), u.createdAt, u.updatedAt, null, null);
  }
}
