package io.tributary.control.account;

import java.net.URI;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.SigningKeyEntity;
import io.tributary.control.model.UserSpec;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
 * {@code /api/v1/accounts/{account}/signing-keys}: an account's signing keys. A plain key signs
 * users with their own permissions; a scoped key (with a {@code role}) signs users whose
 * permissions and limits come from the key's {@code template}. Seeds never leave the service.
 */
@Path("/api/v1/accounts/{account}/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class SigningKeyResource {
  public record NewSigningKey(
      @Pattern(
              regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$",
              message = "letters, digits, '.', '_' and '-', at most 63")
          String role,
      @Valid UserSpec template,
      @Size(max = 1000) String description) {}

  public record SigningKeyView(
      String publicKey, String role, UserSpec template, String description, Instant createdAt) {
    static SigningKeyView of(SigningKeyEntity k) {
      return new SigningKeyView(k.publicKey, k.role, k.template, k.description, k.createdAt);
    }
  }

  @Inject SigningKeyService keys;
  @Inject AccountAccess access;
  @Inject Caller caller;

  @POST
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.TEMPLATE_WITHOUT_ROLE,
    ApiProblem.INVALID_TEMPLATE,
    ApiProblem.ROLE_TAKEN,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SigningKeyView.class)))
  public Response create(@PathParam("account") String account, @Valid NewSigningKey body) {
    access.write(account);
    NewSigningKey b = body == null ? new NewSigningKey(null, null, null) : body;
    SigningKeyEntity k =
        keys.create(account, b.role(), b.template(), b.description(), caller.actor());
    return Response.created(
            URI.create("/api/v1/accounts/" + account + "/signing-keys/" + k.publicKey))
        .entity(SigningKeyView.of(SigningKeyEntity.findById(k.id)))
        .build();
  }

  @GET
  @Problems({ApiProblem.NOT_FOUND})
  public PageView<SigningKeyView> list(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    AccountEntity a = access.read(account);
    return page.of(
        SigningKeyEntity.<SigningKeyEntity>find("accountId", Sort.by("id"), a.id),
        SigningKeyView::of);
  }

  @DELETE
  @Path("/{key}")
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.IN_USE,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("account") String account, @PathParam("key") String key) {
    access.write(account);
    keys.delete(account, key, caller.actor());
    return Response.noContent().build();
  }
}
