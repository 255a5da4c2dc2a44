package io.tributary.control.operator;

import java.time.Instant;
import java.util.List;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;
import io.tributary.control.model.AccountEntity;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/operator}: the operator's public identity (nothing secret); {@code
 * /server-config}: a nats-server configuration that trusts it.
 */
@Path("/api/v1/operator")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorResource {
  /** What anyone configuring a NATS server for this operator needs. */
  public record OperatorView(
      String name,
      String publicKey,
      List<String> signingKeys,
      String jwt,
      String systemAccount,
      String systemAccountJwt) {}

  @Inject OperatorService operators;
  @Inject Caller caller;

  /**
   * A complete nats-server configuration for operator mode with a full resolver, preloaded with the
   * system account and every account, so that a stock NATS server trusts this control plane.
   */
  @GET
  @Path("/server-config")
  @Produces(MediaType.TEXT_PLAIN)
  @Authenticated
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.UNSUPPORTED_FORMAT, ApiProblem.BAD_RESOLVER_DIR})
  public String serverConfig(
      @QueryParam("format") @DefaultValue("nats-server") String format,
      @QueryParam("resolver-dir") @DefaultValue("./jwt") String resolverDir) {
    caller.requireOperatorAdmin();
    if (!format.equals("nats-server")) {
      throw ApiProblem.UNSUPPORTED_FORMAT.exception("format must be nats-server");
    }
    if (resolverDir.contains("\"") || resolverDir.contains("\n")) {
      throw ApiProblem.BAD_RESOLVER_DIR.exception("resolver-dir must be a plain path");
    }
    OperatorEntity op = operators.bootstrap();
    StringBuilder b =
        new StringBuilder()
            .append("# nats-server configuration for operator ")
            .append(op.name)
            .append(", made by the Tributary control plane at ")
            .append(Instant.now())
            .append("\noperator: \"")
            .append(op.jwt)
            .append("\"\nsystem_account: ")
            .append(op.systemAccount)
            .append("\n\nresolver: {\n  type: full\n  dir: \"")
            .append(resolverDir)
            .append("\"\n  allow_delete: true\n  interval: \"2m\"\n}\n\nresolver_preload: {\n  ")
            .append(op.systemAccount)
            .append(": \"")
            .append(op.systemAccountJwt)
            .append("\"\n");
    for (AccountEntity a : AccountEntity.<AccountEntity>listAll(Sort.by("name"))) {
      b.append("  ")
          .append(a.publicKey)
          .append(": \"")
          .append(a.jwt)
          .append("\"  # ")
          .append(a.name)
          .append("\n");
    }
    return b.append("}\n").toString();
  }

  @GET
  public OperatorView get() {
    OperatorEntity op = operators.bootstrap();
    return new OperatorView(
        op.name,
        op.publicKey,
        List.of(op.signingKey),
        op.jwt,
        op.systemAccount,
        op.systemAccountJwt);
  }
}
