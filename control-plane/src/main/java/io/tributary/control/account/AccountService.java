package io.tributary.control.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.api.ApiException;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.cluster.ClusterEntity;
import io.tributary.control.cluster.PushOutbox;
import io.tributary.control.cluster.PushWorker;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.exchange.ExportEntity;
import io.tributary.control.exchange.ImportEntity;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;
import io.tributary.control.user.UserEntity;
import io.tributary.control.user.UserPermissions;
import io.tributary.control.user.UserSpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Accounts and their JWTs. Every change to an account or to what its JWT lists (signing keys,
 * exports, imports, revocations) re-signs the JWT with the operator's signing key through {@link
 * #publish}, which checks it with auth/ (validator and trust chain); the change, the JWT and the
 * audit line commit together, and a refused change writes nothing.
 */
@ApplicationScoped
public class AccountService {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;
  @Inject Event<PushWorker.Changed> changed;

  /** What a change sets; null fields keep their value. */
  public record Change(
      String description,
      AccountLimits limits,
      List<String> tags,
      UserPermissions defaults,
      List<String> clusters) {}

  @Transactional
  public AccountEntity create(
      String name,
      String description,
      AccountLimits limits,
      List<String> tags,
      List<String> clusters,
      Actor by) {
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
    if (tags != null) {
      a.tags = new ArrayList<>(tags);
    }
    if (clusters != null) {
      a.clusterIds = clusterIds(clusters);
    }
    a.updatedAt = Instant.now();
    a.jwt = ""; // signed below, once the account has an id for its signing key
    a.persist();
    // Users are signed by a signing key, so that the identity key signs nothing but the account.
    addSigningKey(a, null, null, "default");
    publish(a);
    audit.record(by, "account.create", name, name, "public key " + a.publicKey);
    return a;
  }

  /** The account, whoever asks (callers check access first, see {@link AccountAccess}). */
  public AccountEntity get(String name) {
    AccountEntity a = AccountEntity.byName(name);
    if (a == null) {
      throw new ApiException(404, "not-found", "no account named '" + name + "'");
    }
    return a;
  }

  /**
   * The accounts with ids in {@code only} (all if null; {@code only} must not be empty), by name.
   */
  public PanacheQuery<AccountEntity> list(Set<Long> only) {
    return only == null
        ? AccountEntity.findAll(Sort.by("name"))
        : AccountEntity.find("id in ?1", Sort.by("name"), only);
  }

  /** Applies a change if the caller saw the current version ({@code If-Match}). */
  @Transactional
  public AccountEntity update(String name, long expectedVersion, Change change, Actor by) {
    AccountEntity a = get(name);
    if (a.version != expectedVersion) {
      throw new ApiException(
          412,
          "stale-version",
          "account '" + name + "' is at version " + a.version + ", not " + expectedVersion);
    }
    List<String> what = new ArrayList<>();
    if (change.description() != null) {
      a.description = change.description();
      what.add("description");
    }
    if (change.limits() != null) {
      a.limits = change.limits().over(a.limits);
      requireWithin(a, "exports", ExportEntity.count("accountId", a.id), a.limits.exports());
      requireWithin(a, "imports", ImportEntity.count("accountId", a.id), a.limits.imports());
      what.add("limits " + a.limits);
    }
    if (change.tags() != null) {
      a.tags = new ArrayList<>(change.tags());
      what.add("tags " + a.tags);
    }
    if (change.defaults() != null) {
      a.defaultPermissions = change.defaults();
      what.add("default permissions");
    }
    if (change.clusters() != null) {
      a.clusterIds = clusterIds(change.clusters());
      what.add("clusters " + change.clusters());
    }
    publish(a);
    audit.record(by, "account.update", name, name, String.join(", ", what));
    return a;
  }

  /** Deletes the account with its users, keys, exports and imports, and their sealed seeds. */
  @Transactional
  public void delete(String name, Actor by) {
    AccountEntity a = get(name);
    List<Long> secrets = new ArrayList<>();
    secrets.add(a.identitySecretId);
    SigningKeyEntity.<SigningKeyEntity>list("accountId", a.id)
        .forEach(k -> secrets.add(k.secretId));
    UserEntity.<UserEntity>list("accountId", a.id).forEach(u -> secrets.add(u.identitySecretId));
    a.delete(); // the database cascades to users, signing keys, exports, imports
    enqueuePush(a.publicKey); // deleted on the nodes
    custody.forget(secrets);
    audit.record(by, "account.delete", name, name, "public key " + a.publicKey);
  }

  /** A new signing key of {@code a}: plain, or scoped when {@code role} is set. */
  @Transactional(Transactional.TxType.MANDATORY)
  public SigningKeyEntity addSigningKey(
      AccountEntity a, String role, UserSpec template, String description) {
    NKey key = NKey.generate(NKeyType.ACCOUNT);
    SigningKeyEntity k = new SigningKeyEntity();
    k.accountId = a.id;
    k.publicKey = key.publicKey();
    k.secretId = custody.store(key).id;
    k.role = role;
    k.template = role == null ? null : (template == null ? UserSpec.empty() : template);
    k.description = description;
    k.persist();
    return k;
  }

  /** The ids of the named clusters; 422 for a name that is not a cluster. */
  private static Set<Long> clusterIds(List<String> names) {
    Set<Long> ids = new HashSet<>();
    for (String n : names) {
      ClusterEntity c = ClusterEntity.byName(n);
      if (c == null) {
        throw new ApiException(422, "unknown-cluster", "no cluster named '" + n + "'");
      }
      ids.add(c.id);
    }
    return ids;
  }

  /** Revokes every JWT of {@code key} issued up to now, in {@code a}'s next JWT. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void revoke(AccountEntity a, String key) {
    TreeMap<String, Long> revocations = new TreeMap<>(a.revocations);
    revocations.merge(key, Instant.now().getEpochSecond(), Math::max);
    a.revocations = revocations; // a new map, so that Hibernate sees the change
  }

  /**
   * Waits until the second after {@code revokedAt} (Unix seconds; null: no wait). A revocation
   * covers its whole second, so a JWT issued within it would be born revoked.
   */
  public static void awaitPast(Long revokedAt) {
    while (revokedAt != null && Instant.now().getEpochSecond() <= revokedAt) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** 422 unless {@code count} is within {@code limit} (-1: unlimited). */
  public static void requireWithin(AccountEntity a, String what, long count, Long limit) {
    if (limit != null && limit >= 0 && count > limit) {
      throw new ApiException(
          422,
          "limit-exceeded",
          "account '" + a.name + "' may have " + limit + " " + what + ", this makes " + count);
    }
  }

  /**
   * Re-signs {@code a}'s JWT from its current rows, after auth/ found the claims valid, and checks
   * that the operator's trust chain accepts it.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void publish(AccountEntity a) {
    AccountClaims c = claims(a);
    long now = Instant.now().getEpochSecond();
    ValidationResults vr = ClaimsValidator.validate(c, now);
    if (vr.isBlocking(true)) {
      throw new ApiException(422, "invalid-account", vr.firstBlocking(true).description());
    }
    OperatorEntity op = operators.bootstrap();
    String jwt = JwtCodec.encode(c, custody.load(op.signingSecretId));
    Verdict<AccountClaims> v =
        TrustedOperators.fromJwts(List.of(op.jwt), now).verifyAccount(jwt, now);
    if (!v.isAccepted()) {
      throw new IllegalStateException("a freshly signed account JWT does not verify: " + v);
    }
    a.jwt = jwt;
    a.updatedAt = Instant.now();
    enqueuePush(a.publicKey);
  }

  /** An outbox row for the push worker, committed (or not) with the change. */
  private void enqueuePush(String accountKey) {
    PushOutbox row = new PushOutbox();
    row.accountKey = accountKey;
    row.persist();
    changed.fire(new PushWorker.Changed());
  }

  /** The claims {@code a}'s JWT carries, from the account row and its keys, exports and imports. */
  public AccountClaims claims(AccountEntity a) {
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

  /** The signing key of {@code a} with {@code publicKey}; 404 if it has none. */
  public SigningKeyEntity signingKey(AccountEntity a, String publicKey) {
    SigningKeyEntity k =
        SigningKeyEntity.find("accountId = ?1 and publicKey = ?2", a.id, publicKey).firstResult();
    if (k == null) {
      throw new ApiException(
          404, "not-found", "account '" + a.name + "' has no signing key " + publicKey);
    }
    return k;
  }

  /** The signing key that signs users by default: the oldest plain one, or null. */
  public SigningKeyEntity defaultSigningKey(AccountEntity a) {
    return SigningKeyEntity.find("accountId = ?1 and role is null", Sort.by("id"), a.id)
        .firstResult();
  }

  public static ExportType type(String kind) {
    return "service".equals(kind) ? ExportType.SERVICE : ExportType.STREAM;
  }
}
