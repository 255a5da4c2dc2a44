package io.tributary.control.claims;

import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.ExportEntity;
import io.tributary.control.model.ImportEntity;
import io.tributary.control.model.SigningKeyEntity;

/**
 * The claims an account's JWT carries, from its row and its signing keys, exports and imports (in
 * id order, then sorted as nats-io/jwt sorts them, so that the same rows make the same claims).
 */
public final class AccountClaimsBuilder {
  private AccountClaimsBuilder() {}

  /** {@code a}'s claims as its rows say now (called in a transaction). */
  public static AccountClaims of(AccountEntity a) {
    AccountClaims c = AccountClaims.create(a.publicKey, a.name);
    if (a.description != null && !a.description.isBlank()) {
      c.nats.description = a.description;
    }
    a.limits.applyTo(c.nats.limits);
    c.nats.tags.addAll(a.tags);
    a.revocations.forEach(c.nats.revocations::revoke);
    if (a.defaultPermissions != null) {
      UserPermissionLimits p = new UserPermissionLimits();
      a.defaultPermissions.applyTo(p);
      c.nats.defaultPermissions.pub = p.pub;
      c.nats.defaultPermissions.sub = p.sub;
      c.nats.defaultPermissions.resp = p.resp;
    }
    for (SigningKeyEntity k :
        SigningKeyEntity.<SigningKeyEntity>list("accountId", Sort.by("id"), a.id)) {
      if (k.isScoped()) {
        UserPermissionLimits t = new UserPermissionLimits();
        k.template.applyTo(t);
        UserScope s = new UserScope(k.publicKey, k.role, t);
        s.description = k.description == null ? "" : k.description;
        c.nats.signingKeys.addScoped(s);
      } else {
        c.nats.signingKeys.add(k.publicKey);
      }
    }
    for (ExportEntity e : ExportEntity.<ExportEntity>list("accountId", Sort.by("id"), a.id)) {
      Export x = new Export(e.name, e.subject, type(e.kind));
      x.tokenRequired = e.tokenRequired;
      if (e.responseType != null) {
        x.responseType = e.responseType;
      }
      x.description = e.description;
      e.revocations.forEach(x.revocations::revoke);
      c.nats.exports.add(x);
    }
    for (ImportEntity i : ImportEntity.<ImportEntity>list("accountId", Sort.by("id"), a.id)) {
      Import x = new Import(i.name, i.subject, i.exporterKey, type(i.kind));
      x.localSubject = i.localSubject;
      x.token = i.token;
      c.nats.imports.add(x);
    }
    c.sortImportsAndExports();
    return c;
  }

  /** The claims' type for an export's or import's {@code kind} column. */
  public static ExportType type(String kind) {
    return "service".equals(kind) ? ExportType.SERVICE : ExportType.STREAM;
  }
}
