package io.tributary.control.exchange;

import java.time.Duration;
import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.validation.Activations;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.account.AccountService;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.claims.AccountClaimsBuilder;
import io.tributary.control.claims.AccountPublisher;
import io.tributary.control.claims.Issuing;
import io.tributary.control.claims.Revocations;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.ExportEntity;
import io.tributary.control.model.ImportEntity;
import io.tributary.control.model.SigningKeyEntity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Exports, imports and activation tokens between accounts. An import is checked against the
 * exporter's current JWT with auth/'s {@link Activations} before it is stored, so that a tenant
 * gets a clear 422 instead of an import that silently does nothing on the nodes.
 */
@ApplicationScoped
public class ExchangeService {
  @Inject AccountService accounts;
  @Inject AccountPublisher publisher;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  /** An activation token for an importer, and when it expires (null: never). */
  public record Activation(String token, String importer, String subject, Instant expiresAt) {}

  public PanacheQuery<ExportEntity> exports(String account) {
    AccountEntity a = accounts.get(account);
    return ExportEntity.find("accountId", Sort.by("name"), a.id);
  }

  public ExportEntity export(String account, String name) {
    AccountEntity a = accounts.get(account);
    ExportEntity e = ExportEntity.find("accountId = ?1 and name = ?2", a.id, name).firstResult();
    if (e == null) {
      throw ApiProblem.NOT_FOUND.exception(
          "account '" + account + "' has no export '" + name + "'");
    }
    return e;
  }

  @Transactional
  public ExportEntity addExport(String account, ExportEntity e, Actor by) {
    AccountEntity a = accounts.get(account);
    if (ExportEntity.count("accountId = ?1 and name = ?2", a.id, e.name) > 0) {
      throw ApiProblem.NAME_TAKEN.exception(
          "account '" + account + "' has an export named '" + e.name + "'");
    }
    if (ExportEntity.count("accountId = ?1 and kind = ?2 and subject = ?3", a.id, e.kind, e.subject)
        > 0) {
      throw ApiProblem.SUBJECT_TAKEN.exception(
          "account '" + account + "' exports " + e.kind + " " + e.subject);
    }
    AccountService.requireWithin(
        a, "exports", ExportEntity.count("accountId", a.id) + 1, a.limits.exports());
    e.accountId = a.id;
    e.persist();
    publisher.publish(a);
    audit.record(
        by,
        "export.create",
        account,
        account + "/" + e.name,
        e.kind + " " + e.subject + (e.tokenRequired ? ", token required" : ", public"));
    return e;
  }

  @Transactional
  public void deleteExport(String account, String name, Actor by) {
    AccountEntity a = accounts.get(account);
    ExportEntity e = export(account, name);
    e.delete();
    publisher.publish(a);
    audit.record(by, "export.delete", account, account + "/" + name, e.kind + " " + e.subject);
  }

  /**
   * Signs an activation of a token-required export for {@code importer} (an account key); for an
   * importer revoked in this very second, in the next one ({@link Issuing}). Called outside any
   * transaction.
   */
  public Activation activate(String account, String name, String importer, Duration ttl, Actor by) {
    return Issuing.outsideTransactions(() -> tryActivate(account, name, importer, ttl, by));
  }

  private Issuing.Attempt<Activation> tryActivate(
      String account, String name, String importer, Duration ttl, Actor by) {
    AccountEntity a = accounts.get(account);
    ExportEntity e = export(account, name);
    if (!e.tokenRequired) {
      throw ApiProblem.PUBLIC_EXPORT.exception(
          "export '" + name + "' is public; it needs no activation");
    }
    ActivationClaims c =
        ActivationClaims.create(importer, e.subject, AccountClaimsBuilder.type(e.kind));
    c.name = e.name;
    Instant expires = ttl == null ? null : Instant.now().plus(ttl);
    if (expires != null) {
      c.expires = expires.getEpochSecond();
    }
    SigningKeyEntity signer = accounts.defaultSigningKey(a);
    if (signer != null) {
      c.nats.issuerAccount = a.publicKey;
    }
    return Issuing.unlessRevokedNow(
        e.revocations.get(importer), () -> sign(a, e, importer, c, signer, expires, by));
  }

  private Activation sign(
      AccountEntity a,
      ExportEntity e,
      String importer,
      ActivationClaims c,
      SigningKeyEntity signer,
      Instant expires,
      Actor by) {
    String account = a.name;
    String name = e.name;
    String token =
        JwtCodec.encode(c, custody.load(signer == null ? a.identitySecretId : signer.secretId));
    audit.record(
        by,
        "export.activate",
        account,
        account + "/" + name,
        "for " + importer + (expires == null ? ", no expiry" : ", expires " + expires));
    return new Activation(token, importer, e.subject, expires);
  }

  /** Revokes every activation of the export issued to {@code importer} so far. */
  @Transactional
  public void revokeActivations(String account, String name, String importer, Actor by) {
    AccountEntity a = accounts.get(account);
    ExportEntity e = export(account, name);
    e.revocations = Revocations.with(e.revocations, importer);
    publisher.publish(a);
    audit.record(by, "export.revoke", account, account + "/" + name, "activations of " + importer);
  }

  public PanacheQuery<ImportEntity> imports(String account) {
    AccountEntity a = accounts.get(account);
    return ImportEntity.find("accountId", Sort.by("name"), a.id);
  }

  public ImportEntity importNamed(String account, String name) {
    AccountEntity a = accounts.get(account);
    ImportEntity i = ImportEntity.find("accountId = ?1 and name = ?2", a.id, name).firstResult();
    if (i == null) {
      throw ApiProblem.NOT_FOUND.exception(
          "account '" + account + "' has no import '" + name + "'");
    }
    return i;
  }

  @Transactional
  public ImportEntity addImport(String account, ImportEntity i, Actor by) {
    AccountEntity a = accounts.get(account);
    if (ImportEntity.count("accountId = ?1 and name = ?2", a.id, i.name) > 0) {
      throw ApiProblem.NAME_TAKEN.exception(
          "account '" + account + "' has an import named '" + i.name + "'");
    }
    AccountService.requireWithin(
        a, "imports", ImportEntity.count("accountId", a.id) + 1, a.limits.imports());
    if (i.exporterKey.equals(a.publicKey)) {
      throw ApiProblem.SELF_IMPORT.exception("an account cannot import from itself");
    }
    AccountEntity exporter = AccountEntity.find("publicKey", i.exporterKey).firstResult();
    if (exporter == null) {
      throw ApiProblem.UNKNOWN_EXPORTER.exception(
          "no account of this operator has the key " + i.exporterKey);
    }
    Import claim = new Import(i.name, i.subject, i.exporterKey, AccountClaimsBuilder.type(i.kind));
    claim.localSubject = i.localSubject;
    claim.token = i.token;
    Verdict<?> v =
        Activations.authorize(
            claim, a.publicKey, AccountClaimsBuilder.of(exporter), Instant.now().getEpochSecond());
    if (v instanceof Verdict.Rejected<?> r) {
      throw ApiProblem.IMPORT_NOT_AUTHORIZED.exception(r.detail());
    }
    i.accountId = a.id;
    i.persist();
    publisher.publish(a);
    audit.record(
        by,
        "import.create",
        account,
        account + "/" + i.name,
        i.kind + " " + i.subject + " from " + i.exporterKey);
    return i;
  }

  @Transactional
  public void deleteImport(String account, String name, Actor by) {
    AccountEntity a = accounts.get(account);
    ImportEntity i = importNamed(account, name);
    i.delete();
    publisher.publish(a);
    audit.record(by, "import.delete", account, account + "/" + name, i.kind + " " + i.subject);
  }
}
