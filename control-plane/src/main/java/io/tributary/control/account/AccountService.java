package io.tributary.control.account;

import java.time.Instant;
import java.util.List;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.api.ApiException;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Accounts: every change re-signs the account JWT with the operator's signing key, checks it with
 * auth/ (validator and trust chain) and writes it with its audit line in one transaction; a refused
 * change writes nothing.
 */
@ApplicationScoped
public class AccountService {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  /** A page of accounts by name, and how many there are. */
  public record Listing(List<AccountEntity> items, long total) {}

  @Transactional
  public AccountEntity create(
      String name, String description, AccountLimits limits, String actor, String source) {
    if (AccountEntity.byName(name) != null) {
      throw new ApiException(409, "name-taken", "an account named '" + name + "' exists");
    }
    OperatorEntity op = operators.bootstrap();
    NKey key = NKey.generate(NKeyType.ACCOUNT);
    AccountEntity a = new AccountEntity();
    a.operatorId = op.id;
    a.name = name;
    a.description = description;
    a.publicKey = key.publicKey();
    a.identitySecretId = custody.store(key).id;
    a.limits = limits == null ? AccountLimits.defaults() : limits.over(AccountLimits.defaults());
    a.jwt = sign(a, op);
    a.updatedAt = Instant.now();
    a.persist();
    audit.record(actor, source, "account.create", name, "public key " + a.publicKey);
    return a;
  }

  public AccountEntity get(String name) {
    AccountEntity a = AccountEntity.byName(name);
    if (a == null) {
      throw new ApiException(404, "not-found", "no account named '" + name + "'");
    }
    return a;
  }

  public Listing list(int page, int size) {
    var q = AccountEntity.<AccountEntity>findAll(Sort.by("name"));
    return new Listing(q.page(Page.of(page, size)).list(), q.count());
  }

  /** Applies a change if the caller saw the current version ({@code If-Match}). */
  @Transactional
  public AccountEntity update(
      String name,
      long expectedVersion,
      String description,
      AccountLimits limits,
      String actor,
      String source) {
    AccountEntity a = get(name);
    if (a.version != expectedVersion) {
      throw new ApiException(
          412,
          "stale-version",
          "account '" + name + "' is at version " + a.version + ", not " + expectedVersion);
    }
    if (description != null) {
      a.description = description;
    }
    if (limits != null) {
      a.limits = limits.over(a.limits);
    }
    a.jwt = sign(a, operators.bootstrap());
    a.updatedAt = Instant.now();
    audit.record(actor, source, "account.update", name, "limits " + a.limits);
    return a;
  }

  @Transactional
  public void delete(String name, String actor, String source) {
    AccountEntity a = get(name);
    a.delete();
    audit.record(actor, source, "account.delete", name, "public key " + a.publicKey);
  }

  /** Signs the account's claims with the operator signing key, after auth/ found them valid. */
  private String sign(AccountEntity a, OperatorEntity op) {
    AccountClaims c = AccountClaims.create(a.publicKey, a.name);
    if (a.description != null && !a.description.isBlank()) {
      c.nats.description = a.description;
    }
    a.limits.applyTo(c.nats.limits);
    long now = Instant.now().getEpochSecond();
    ValidationResults vr = ClaimsValidator.validate(c, now);
    if (vr.isBlocking(true)) {
      throw new ApiException(422, "invalid-account", vr.firstBlocking(true).description());
    }
    String jwt = JwtCodec.encode(c, custody.load(op.signingSecretId));
    Verdict<AccountClaims> v =
        TrustedOperators.fromJwts(List.of(op.jwt), now).verifyAccount(jwt, now);
    if (!v.isAccepted()) {
      throw new IllegalStateException("a freshly signed account JWT does not verify: " + v);
    }
    return jwt;
  }
}
