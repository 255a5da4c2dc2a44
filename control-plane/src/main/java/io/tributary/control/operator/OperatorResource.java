package io.tributary.control.operator;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/operator}: the operator's public identity (nothing secret). */
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
