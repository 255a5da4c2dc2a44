package io.tributary.control.exchange;

import java.net.URI;
import java.time.Instant;

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
import io.tributary.control.model.ImportEntity;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
 * {@code /api/v1/accounts/{account}/imports}: streams and services an account takes from others,
 * named by the exporter's public key (as in NATS); a token-required export needs the {@code token}
 * the exporter issued.
 */
@Path("/api/v1/accounts/{account}/imports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ImportResource {
  public record NewImport(
      @NotNull @Pattern(regexp = ExportResource.NAME, message = ExportResource.NAME_MESSAGE)
          String name,
      @NotNull @Pattern(regexp = ExportResource.KIND, message = "stream or service") String type,
      @NotNull @Pattern(regexp = ExportResource.ACCOUNT_KEY, message = "an account public key")
          String account,
      @NotNull @Size(min = 1, max = 255) String subject,
      @Size(min = 1, max = 255) String localSubject,
      @Size(max = 10_000) String token) {}

  public record ImportView(
      String name,
      String type,
      String account,
      String subject,
      String localSubject,
      boolean activation,
      Instant createdAt) {
    static ImportView of(ImportEntity i) {
      return new ImportView(
          i.name, i.kind, i.exporterKey, i.subject, i.localSubject, i.token != null, i.createdAt);
    }
  }

  @Inject ExchangeService exchange;
  @Inject AccountAccess access;
  @Inject Caller caller;

  @POST
  @Problems({
    ApiProblem.NOT_FOUND,
    ApiProblem.READ_ONLY,
    ApiProblem.NAME_TAKEN,
    ApiProblem.LIMIT_EXCEEDED,
    ApiProblem.SELF_IMPORT,
    ApiProblem.UNKNOWN_EXPORTER,
    ApiProblem.IMPORT_NOT_AUTHORIZED,
    ApiProblem.INVALID_ACCOUNT
  })
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImportView.class)))
  public Response create(@PathParam("account") String account, @Valid @NotNull NewImport body) {
    access.write(account);
    ImportEntity i = new ImportEntity();
    i.name = body.name();
    i.kind = body.type();
    i.exporterKey = body.account();
    i.subject = body.subject();
    i.localSubject = body.localSubject();
    i.token = body.token();
    exchange.addImport(account, i, caller.actor());
    return Response.created(URI.create("/api/v1/accounts/" + account + "/imports/" + i.name))
        .entity(ImportView.of(exchange.importNamed(account, i.name)))
        .build();
  }

  @GET
  @Problems({ApiProblem.NOT_FOUND})
  public PageView<ImportView> list(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    access.read(account);
    return page.of(exchange.imports(account), ImportView::of);
  }

  @GET
  @Path("/{import}")
  @Problems({ApiProblem.NOT_FOUND})
  public ImportView read(@PathParam("account") String account, @PathParam("import") String name) {
    access.read(account);
    return ImportView.of(exchange.importNamed(account, name));
  }

  @DELETE
  @Path("/{import}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.READ_ONLY, ApiProblem.INVALID_ACCOUNT})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("account") String account, @PathParam("import") String name) {
    access.write(account);
    exchange.deleteImport(account, name, caller.actor());
    return Response.noContent().build();
  }
}
