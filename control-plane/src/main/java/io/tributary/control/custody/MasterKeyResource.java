package io.tributary.control.custody;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problems;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.console.Caller;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/operator/master-key}: which master key version wraps how many secrets, and {@code
 * POST …/rotate} to re-wrap them all under a new one while the service runs (operator-admins).
 */
@Path("/api/v1/operator/master-key")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class MasterKeyResource {
  /** A new key (base64 of 32 bytes); without one, a file-backed keyring generates it. */
  public record RotateRequest(
      @Pattern(regexp = "^[A-Za-z0-9+/]{43}=$", message = "base64 of 32 bytes") String key) {}

  public record Rotated(int version, int rewrapped, String note) {}

  @Inject KeyCustody custody;
  @Inject AuditLog audit;
  @Inject Caller caller;

  @GET
  @Problems({ApiProblem.FORBIDDEN})
  public KeyCustody.Status status() {
    caller.requireOperatorAdmin();
    return custody.status();
  }

  @POST
  @Path("/rotate")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.KEY_REQUIRED})
  public Rotated rotate(@jakarta.validation.Valid RotateRequest body) {
    caller.requireOperatorAdmin();
    String given = body == null ? null : body.key();
    if (given == null && !custody.isFileBacked()) {
      throw ApiProblem.KEY_REQUIRED.exception(
          "the master key comes from configuration: send the new key, then configure the keyring"
              + " it answers with");
    }
    byte[] key =
        given == null
            ? MasterKeySource.generate()
            : MasterKeySource.decode(given, "the request's key");
    int rewrapped = custody.rotate(key);
    int version = custody.status().current();
    Actor by = caller.actor();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                audit.record(
                    by,
                    "master-key.rotate",
                    null,
                    "master key",
                    "version " + version + ", " + rewrapped + " data keys re-wrapped"));
    String note =
        custody.isFileBacked()
            ? "the keyring file holds version "
                + version
                + "; older versions are dropped from it at the next start"
            : "set TRIBUTARY_MASTER_KEY to "
                + version
                + ":<the new key> before the next start (older versions are no longer needed)";
    return new Rotated(version, rewrapped, note);
  }
}
