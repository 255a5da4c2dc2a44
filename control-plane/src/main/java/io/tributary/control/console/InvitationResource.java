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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
 * Invitations, the way a tenant starts serving itself: an operator-admin makes a one-time link for
 * an account ({@code /api/v1/invitations}); the invitee opens it in the console, which shows what
 * it is for and takes a username and password ({@code /api/v1/auth/invitation…}, no token needed:
 * the link's token is the credential), and is signed in.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Path("/api/v1")
public class InvitationResource {
  private static final String ROLE = "^(account-admin|account-viewer)$";

  public record NewInvitation(
      @NotBlank String account,
      @Pattern(regexp = ROLE, message = "account-admin or account-viewer") String role,
      @Size(max = 500) String note,
      @Schema(description = "hours until the link expires (default 72)") @Min(1) @Max(720)
          Integer ttlHours) {}

  /** What an operator-admin sees of an invitation (never its token). */
  public record InvitationView(
      long id,
      String account,
      String role,
      String note,
      String invitedBy,
      Instant createdAt,
      Instant expiresAt,
      @Schema(description = "pending, accepted or expired") String state,
      String acceptedBy,
      Instant acceptedAt) {
    static InvitationView of(Invitation i) {
      return new InvitationView(
          i.id,
          InvitationService.accountName(i),
          i.role,
          i.note,
          i.invitedBy,
          i.createdAt,
          i.expiresAt,
          i.state(),
          i.acceptedBy,
          i.acceptedAt);
    }
  }

  /** A new invitation: its token, once, and the console path that takes it. */
  public record MadeInvitation(
      long id,
      String account,
      String role,
      Instant expiresAt,
      String token,
      @Schema(description = "the console's page for it, to append to the console's address")
          String link) {}

  /** What the invitee is shown before accepting. */
  public record InvitationInfo(String account, String role, String invitedBy, Instant expiresAt) {}

  public record TokenBody(@NotBlank @Size(max = 200) String token) {}

  public record Acceptance(
      @NotBlank @Size(max = 200) String token,
      @NotNull
          @jakarta.validation.constraints.Pattern(
              regexp = "^[a-z0-9][a-z0-9._-]{0,62}$",
              message = "lower-case letters, digits, '.', '_' and '-', at most 63")
          String username,
      @NotNull @Size(min = 12, max = 200, message = "between 12 and 200 characters")
          String password) {}

  @Inject InvitationService invitations;
  @Inject ConsoleUserService users;
  @Inject Caller caller;

  @POST
  @Path("/invitations")
  @Authenticated
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.UNKNOWN_ACCOUNT})
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MadeInvitation.class)))
  public Response create(@Valid @NotNull NewInvitation body) {
    caller.requireOperatorAdmin();
    String role = body.role() == null ? ConsoleUser.ACCOUNT_ADMIN : body.role();
    Duration ttl = Duration.ofHours(body.ttlHours() == null ? 72 : body.ttlHours());
    InvitationService.Made m =
        invitations.create(body.account(), role, body.note(), ttl, caller.actor());
    Invitation i = m.invitation();
    return Response.created(URI.create("/api/v1/invitations/" + i.id))
        .entity(
            new MadeInvitation(
                i.id, body.account(), role, i.expiresAt, m.token(), "/invite#" + m.token()))
        .build();
  }

  @GET
  @Path("/invitations")
  @Authenticated
  @Problems({ApiProblem.FORBIDDEN})
  public PageView<InvitationView> list(@BeanParam @Valid PageRequest page) {
    caller.requireOperatorAdmin();
    return page.of(invitations.list(), InvitationView::of);
  }

  @DELETE
  @Path("/invitations/{id}")
  @Authenticated
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response revoke(@PathParam("id") long id) {
    caller.requireOperatorAdmin();
    invitations.revoke(id, caller.actor());
    return Response.noContent().build();
  }

  /** What an open invitation is for; 404 for an unknown or revoked one, 410 used or expired. */
  @POST
  @Path("/auth/invitation")
  @Problems(
      authenticated = false,
      value = {ApiProblem.NOT_FOUND, ApiProblem.INVITATION_CLOSED})
  public InvitationInfo inspect(@Valid @NotNull TokenBody body) {
    Invitation i = invitations.open(body.token());
    return new InvitationInfo(InvitationService.accountName(i), i.role, i.invitedBy, i.expiresAt);
  }

  /**
   * Accepts the invitation: a console user with this username and password, of the invitation's
   * account and role, signed in at once (the console's session cookie, as {@code
   * /api/v1/auth/session}).
   */
  @POST
  @Path("/auth/invitation/accept")
  @Problems(
      authenticated = false,
      value = {ApiProblem.NOT_FOUND, ApiProblem.INVITATION_CLOSED, ApiProblem.NAME_TAKEN})
  @APIResponse(
      responseCode = "200",
      description = "OK",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AuthResource.Me.class)))
  public Response accept(
      @Valid @NotNull Acceptance body, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
    ConsoleUser u =
        invitations.accept(body.token(), body.username(), body.password(), caller.source());
    return AuthResource.session(u, users, uri);
  }
}
