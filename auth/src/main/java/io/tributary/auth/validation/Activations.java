package io.tributary.auth.validation;

import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.Import;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.subject.Subjects;

/**
 * Decides whether an import may use an export: the exporter must export a matching subject of the
 * same type, an account token position must hold the importer's id, and a token-required export
 * needs an activation issued by the exporter (or its signing key) to the importer, current,
 * covering the subject and not revoked by the export.
 */
public final class Activations {
  private Activations() {}

  /** The export the import binds to, or why it may not. */
  public static Verdict<Export> authorize(
      Import imp, String importerId, AccountClaims exporter, long nowSeconds) {
    if (exporter == null || !exporter.subject.equals(imp.account)) {
      return Verdict.reject(
          Rejection.NOT_AUTHORIZED_IMPORT, "exporting account " + imp.account + " not found");
    }
    Export export = findExport(exporter.nats.exports, imp);
    if (export == null) {
      return Verdict.reject(
          Rejection.NOT_AUTHORIZED_IMPORT,
          "account " + imp.account + " exports no " + imp.type + " " + imp.exporterSubject());
    }
    if (export.accountTokenPosition > 0) {
      List<String> tokens = Subjects.tokenize(imp.exporterSubject());
      int pos = export.accountTokenPosition;
      if (pos > tokens.size() || !tokens.get(pos - 1).equals(importerId)) {
        return Verdict.reject(
            Rejection.NOT_AUTHORIZED_IMPORT,
            "token " + pos + " of " + imp.exporterSubject() + " must be the importing account");
      }
    }
    if (!export.tokenRequired) {
      return Verdict.accept(export);
    }
    if (imp.token == null || imp.token.isEmpty()) {
      return Verdict.reject(
          Rejection.NOT_AUTHORIZED_IMPORT, "export " + export.subject + " requires an activation");
    }
    ActivationClaims act;
    try {
      act = JwtCodec.decode(imp.token, ActivationClaims.class);
    } catch (JwtException e) {
      return Verdict.reject(Rejection.INVALID_JWT, "activation: " + e.getMessage());
    }
    if (!importerId.equals(act.subject)) {
      return Verdict.reject(Rejection.NOT_AUTHORIZED_IMPORT, "activation is for " + act.subject);
    }
    boolean issuedByExporter =
        act.issuer.equals(exporter.subject)
            || (exporter.subject.equals(act.nats.issuerAccount)
                && exporter.nats.signingKeys.contains(act.issuer));
    if (!issuedByExporter) {
      return Verdict.reject(
          Rejection.NOT_AUTHORIZED_IMPORT, "activation not issued by " + exporter.subject);
    }
    if (act.nats.kind != imp.type
        || act.nats.subject == null
        || !Subjects.isSubsetOf(imp.exporterSubject(), act.nats.subject)) {
      return Verdict.reject(
          Rejection.NOT_AUTHORIZED_IMPORT,
          "activation does not cover " + imp.type + " " + imp.exporterSubject());
    }
    if (act.isExpired(nowSeconds)) {
      return Verdict.reject(Rejection.EXPIRED, "activation expired");
    }
    if (act.isNotYetValid(nowSeconds)) {
      return Verdict.reject(Rejection.NOT_YET_VALID, "activation not yet valid");
    }
    if (export.revocations.isRevoked(importerId, act.issuedAt)) {
      return Verdict.reject(Rejection.REVOKED, "activation revoked by the exporter");
    }
    return Verdict.accept(export);
  }

  private static Export findExport(List<Export> exports, Import imp) {
    for (Export e : exports) {
      if (e.type == imp.type
          && e.subject != null
          && imp.exporterSubject() != null
          && Subjects.isSubsetOf(imp.exporterSubject(), e.subject)) {
        return e;
      }
    }
    return null;
  }
}
