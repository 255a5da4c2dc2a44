package io.tributary.control.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.claims.AccountPublisher;
import io.tributary.control.claims.Revocations;
import io.tributary.control.cluster.Placement;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.AccountLimits;
import io.tributary.control.model.ExportEntity;
import io.tributary.control.model.ImportEntity;
import io.tributary.control.model.SigningKeyEntity;
import io.tributary.control.model.UserEntity;
import io.tributary.control.model.UserPermissions;
import io.tributary.control.model.UserSpec;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Accounts and their JWTs. Every change to an account or to what its JWT lists (signing keys,
 * exports, imports, revocations) re-signs the JWT through {@link AccountPublisher}, which checks it
 * with auth/ (validator and trust chain) and queues it for the nodes; the change, the JWT and the
 * audit line commit together, and a refused change writes nothing.
 */
@ApplicationScoped
public class AccountService {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;
  @Inject AccountPublisher publisher;
  @Inject DefaultJetStream defaultJetStream;

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
      throw ApiProblem.NAME_TAKEN.exception("an account named '" + name + "' exists");
    }
    // no JetStream limit named, not even 0: the default allowance, if this installation has one
    boolean allowance = defaultJetStream.enabled() && (limits == null || !limits.namesJetStream());
    AccountLimits base =
        allowance
            ? defaultJetStream.limits().over(AccountLimits.defaults())
            : AccountLimits.defaults();
    AccountLimits effective = requireFlatOrTiered(limits == null ? base : limits.over(base));
    OperatorEntity op = operators.bootstrap();
    NKey key = NKey.generate(NKeyType.ACCOUNT);
    AccountEntity a = new AccountEntity();
    a.operatorId = op.id;
    a.name = name;
    a.description = description;
    a.publicKey = key.publicKey();
    a.identitySecretId = custody.store(key).id;
    a.limits = effective;
    if (tags != null) {
      a.tags = new ArrayList<>(tags);
    }
    if (clusters != null) {
      a.clusterIds = Placement.clusterIds(clusters);
    }
    a.updatedAt = Instant.now();
    a.jwt = ""; // signed below, once the account has an id for its signing key
    a.persist();
    // Users are signed by a signing key, so that the identity key signs nothing but the account.
    addSigningKey(a, null, null, "default");
    publisher.publish(a);
    audit.record(
        by,
        "account.create",
        name,
        name,
        "public key " + a.publicKey + (allowance ? ", default JetStream allowance" : ""));
    return a;
  }

  /** The account, whoever asks (callers check access first, see {@link AccountAccess}). */
  public AccountEntity get(String name) {
    AccountEntity a = AccountEntity.byName(name);
    if (a == null) {
      throw ApiProblem.NOT_FOUND.exception("no account named '" + name + "'");
    }
    return a;
  }

  /**
   * The accounts with ids in {@code only} (all if null; {@code only} must not be empty) whose name
   * or description contains {@code text} (any case; all if blank), in {@code sort} order ({@code
   * name}, {@code createdAt} or {@code updatedAt}, descending with a leading {@code -}; ties by
   * name, in the same direction).
   */
  public PanacheQuery<AccountEntity> list(Set<Long> only, String text, String sort) {
    boolean descending = sort.startsWith("-");
    String field = descending ? sort.substring(1) : sort;
    Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
    Sort order = Sort.by(field, direction);
    if (!field.equals("name")) {
      order = order.and("name", direction); // ties in the order of the index (account_created, …)
    }
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (only != null) {
      where.add("id in :only");
      params.put("only", only);
    }
    if (text != null && !text.isBlank()) {
      where.add("(lower(name) like :text or lower(coalesce(description, '')) like :text)");
      params.put("text", "%" + likeEscaped(text.strip().toLowerCase(Locale.ROOT)) + "%");
    }
    return where.isEmpty()
        ? AccountEntity.findAll(order)
        : AccountEntity.find(String.join(" and ", where), order, params);
  }

  /** {@code s} with LIKE's wildcards escaped (PostgreSQL's default escape is the backslash). */
  private static String likeEscaped(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Applies a change if the caller saw the current version ({@code If-Match}). */
  @Transactional
  public AccountEntity update(String name, long expectedVersion, Change change, Actor by) {
    AccountEntity a = get(name);
    if (a.version != expectedVersion) {
      throw ApiProblem.STALE_VERSION.exception(
          "account '" + name + "' is at version " + a.version + ", not " + expectedVersion);
    }
    List<String> what = new ArrayList<>();
    if (change.description() != null) {
      a.description = change.description();
      what.add("description");
    }
    if (change.limits() != null) {
      a.limits = requireFlatOrTiered(change.limits().over(a.limits));
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
      a.clusterIds = Placement.clusterIds(change.clusters());
      what.add("clusters " + change.clusters());
    }
    publisher.publish(a);
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
    publisher.unpublish(a.publicKey); // deleted on the nodes
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

  /** Revokes every JWT of {@code key} issued up to now, in {@code a}'s next JWT. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void revoke(AccountEntity a, String key) {
    a.revocations = Revocations.with(a.revocations, key);
  }

  /**
   * {@code limits}, unless they have JetStream tiers and flat JetStream limits (400: NATS refuses
   * such a JWT). Checked on what a request makes, so that a change naming only tiers is refused
   * while the account keeps flat limits, rather than dropping them silently.
   */
  static AccountLimits requireFlatOrTiered(AccountLimits limits) {
    List<String> flat = limits.flatJetStreamSet();
    if (limits.hasTiers() && !flat.isEmpty()) {
      throw ApiProblem.INVALID_BODY.exception(
          "JetStream tiers and flat JetStream limits are exclusive",
          List.of(
              new Problem.FieldError(
                  "limits.jetStreamTiers",
                  "exclusive with flat JetStream limits, and these are set: "
                      + String.join(", ", flat)
                      + " (set them to 0, or jetStreamTiers to {})")));
    }
    return limits;
  }

  /** 422 unless {@code count} is within {@code limit} (-1: unlimited). */
  public static void requireWithin(AccountEntity a, String what, long count, Long limit) {
    if (limit != null && limit >= 0 && count > limit) {
      throw ApiProblem.LIMIT_EXCEEDED.exception(
          "account '" + a.name + "' may have " + limit + " " + what + ", this makes " + count);
    }
  }

  /** The signing key of {@code a} with {@code publicKey}; 404 if it has none. */
  public SigningKeyEntity signingKey(AccountEntity a, String publicKey) {
    SigningKeyEntity k =
        SigningKeyEntity.find("accountId = ?1 and publicKey = ?2", a.id, publicKey).firstResult();
    if (k == null) {
      throw ApiProblem.NOT_FOUND.exception(
          "account '" + a.name + "' has no signing key " + publicKey);
    }
    return k;
  }

  /** The signing key that signs users by default: the oldest plain one, or null. */
  public SigningKeyEntity defaultSigningKey(AccountEntity a) {
    return SigningKeyEntity.find("accountId = ?1 and role is null", Sort.by("id"), a.id)
        .firstResult();
  }
}
