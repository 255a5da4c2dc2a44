package io.tributary.control.exchange;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.account.AccountAccess;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;
import io.tributary.control.model.ExportEntity;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/accounts/{account}/exports}: what an account offers; activation tokens for
 * token-required exports ({@code POST …/{export}/activations}) and their revocation.
 */
@Path("/api/v1/accounts/{account}/exports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ExportResource {
  static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
  static final String NAME_MESSAGE = "letters, digits, '.', '_' and '-', at most 63";
  static final String KIND = "^(stream|service)$";
  static final String ACCOUNT_KEY = "^A[A-Z2-7]{55}$";

  public record NewExport(
      @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
      @NotNull @Size(min = 1, max = 255) String subject,
      @NotNull @Pattern(regexp = KIND, message = "stream or service") String type,
      boolean tokenRequired,
      @Pattern(regexp = "^(Singleton|Stream|Chunked)$", message = "Singleton, Stream or Chunked")
          String responseType,
      @Size(max = 1000) String description) {}

  public record ExportView(
      String name,
      String subject,
      String type,
      boolean tokenRequired,
      String responseType,
      String description,
      Map<String, Long> revocations,
      Instant createdAt) {
    static ExportView of(ExportEntity e) {
      return new ExportView(
          e.name,
          e.subject,
          e.kind,
          e.tokenRequired,
          e.responseType,
          e.description,
          e.revocations,
          e.createdAt);
    }
  }

  public record ActivationRequest(
      @NotNull @Pattern(regexp = ACCOUNT_KEY, message = "an account public key") String account,
      @Min(1) @Max(315_360_000) Long ttl) {}

  @Inject ExchangeService exchange;
  @Inject AccountAccess access;
  @Inject Caller caller;

  @POST
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.NAME_TAKEN,
    ApiProblem.SUBJECT_TAKEN,
    ApiProblem.LIMIT_EXCEEDED,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ExportView.class)))
  public Response create(@PathParam("account") String account, @Valid @NotNull NewExport body) {
    access.write(account);
    ExportEntity e = new ExportEntity();
    e.name = body.name();
    e.subject = body.subject();
    e.kind = body.type();
    e.tokenRequired = body.tokenRequired();
    e.responseType = "service".equals(body.type()) ? body.responseType() : null;
    e.description = body.description();
    exchange.addExport(account, e, caller.actor());
    return Response.created(URI.create("/api/v1/accounts/" + account + "/exports/" + e.name))
        .entity(ExportView.of(exchange.export(account, e.name)))
        .build();
  }

  @GET
  @Problems({ApiProblem.NOT_FOUND})
  public PageView<ExportView> list(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    access.read(account);
    return page.of(exchange.exports(account), ExportView::of);
  }

  @GET
  @Path("/{export}")
  @Problems({ApiProblem.NOT_FOUND})
  public ExportView read(@PathParam("account") String account, @PathParam("export") String export) {
    access.read(account);
    return ExportView.of(exchange.export(account, export));
  }

  @DELETE
  @Path("/{export}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("account") String account, @PathParam("export") String export) {
    access.write(account);
    exchange.deleteExport(account, export, caller.actor());
    return Response.noContent().build();
  }

  /** An activation token that lets {@code account} import this token-required export. */
  @POST
  @Path("/{export}/activations")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.PUBLIC_EXPORT})
  public ExchangeService.Activation activate(
      @PathParam("account") String account,
      @PathParam("export") String export,
      @Valid @NotNull ActivationRequest body) {
    access.write(account);
    Duration ttl = body.ttl() == null ? null : Duration.ofSeconds(body.ttl());
    return exchange.activate(account, export, body.account(), ttl, caller.actor());
  }

  /** Revokes every activation of this export issued to {@code importer} so far. */
  @POST
  @Path("/{export}/activations/{importer}/revoke")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  public ExportView revoke(
      @PathParam("account") String account,
      @PathParam("export") String export,
      @PathParam("importer") String importer) {
    access.write(account);
    exchange.revokeActivations(account, export, importer, caller.actor());
    return ExportView.of(exchange.export(account, export));
  }
}
