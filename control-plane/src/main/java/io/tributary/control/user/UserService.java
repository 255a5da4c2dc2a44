package io.tributary.control.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.ScopeTemplates;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.account.AccountService;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.Problem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.claims.AccountClaimsBuilder;
import io.tributary.control.claims.AccountPublisher;
import io.tributary.control.claims.Issuing;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.AccountLimits;
import io.tributary.control.model.SigningKeyEntity;
import io.tributary.control.model.UserEntity;
import io.tributary.control.model.UserSpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Users of an account and the creds files issued to them. A creds file is the only way a seed
 * leaves the service: it is made on request, returned once, and recorded (jti, key, expiry, who).
 * Revoking, rotating or deleting a user revokes its key in the account JWT, so that every creds
 * file issued before stops working on every node that has the new account JWT.
 */
@ApplicationScoped
public class UserService {
  @Inject AccountService accounts;
  @Inject AccountPublisher publisher;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  /** A creds file, its JWT's id and when it expires (null: never). */
  public record Issued(String creds, String jti, Instant expiresAt) {}

  @Transactional
  public UserEntity create(
      String account, String name, UserSpec spec, String signingKey, Actor by) {
    AccountEntity a = accounts.get(account);
    if (UserEntity.count("accountId = ?1 and name = ?2", a.id, name) > 0) {
      throw ApiProblem.NAME_TAKEN.exception(
          "account '" + account + "' has a user named '" + name + "'");
    }
    NKey key = NKey.generate(NKeyType.USER);
    UserEntity u = new UserEntity();
    u.accountId = a.id;
    u.name = name;
    u.publicKey = key.publicKey();
    u.spec = spec == null ? UserSpec.empty() : spec;
    SigningKeyEntity signer = signer(a, signingKey);
    u.signingKeyId = signer == null ? null : signer.id;
    check(u, a, signer); // refuse what NATS would refuse before anything is stored
    u.identitySecretId = custody.store(key).id;
    u.updatedAt = Instant.now();
    u.persist();
    audit.record(by, "user.create", account, account + "/" + name, "public key " + u.publicKey);
    return u;
  }

  public UserEntity get(String account, String name) {
    return user(accounts.get(account), name);
  }

  private static UserEntity user(AccountEntity a, String name) {
    UserEntity u = UserEntity.find("accountId = ?1 and name = ?2", a.id, name).firstResult();
    if (u == null) {
      throw ApiProblem.NOT_FOUND.exception("no user '" + name + "' in account '" + a.name + "'");
    }
    return u;
  }

  /** An account's users, by name. */
  public PanacheQuery<UserEntity> list(String account) {
    return UserEntity.find("accountId", Sort.by("name"), accounts.get(account).id);
  }

  /**
   * Replaces what {@code spec} sets (null fields keep theirs) and, if named, the signing key. Creds
   * already issued keep what they were issued with; issue new ones to apply the change.
   */
  @Transactional
  public UserEntity update(
      String account,
      String name,
      Long expectedVersion,
      UserSpec spec,
      String signingKey,
      Actor by) {
    AccountEntity a = accounts.get(account);
    UserEntity u = get(account, name);
    if (expectedVersion != null && u.version != expectedVersion) {
      throw ApiProblem.STALE_VERSION.exception(
          "user '" + name + "' is at version " + u.version + ", not " + expectedVersion);
    }
    u.spec = merge(u.spec, spec);
    SigningKeyEntity signer =
        signingKey != null
            ? signer(a, signingKey)
            : (u.signingKeyId == null ? null : SigningKeyEntity.findById(u.signingKeyId));
    u.signingKeyId = signer == null ? null : signer.id;
    check(u, a, signer);
    u.updatedAt = Instant.now();
    audit.record(by, "user.update", account, account + "/" + name, null);
    return u;
  }

  @Transactional
  public void delete(String account, String name, Actor by) {
    AccountEntity a = accounts.get(account);
    UserEntity u = get(account, name);
    accounts.revoke(a, u.publicKey); // its creds must not outlive it
    publisher.publish(a);
    u.delete();
    custody.forget(List.of(u.identitySecretId));
    audit.record(by, "user.delete", account, account + "/" + name, "revoked key " + u.publicKey);
  }

  /** Revokes every creds file issued to the user so far; later ones work. */
  @Transactional
  public AccountEntity revoke(String account, String name, Actor by) {
    AccountEntity a = accounts.get(account);
    UserEntity u = get(account, name);
    accounts.revoke(a, u.publicKey);
    publisher.publish(a);
    audit.record(
        by,
        "user.revoke",
        account,
        account + "/" + name,
        "creds of " + u.publicKey + " issued up to " + a.revocations.get(u.publicKey));
    return a;
  }

  /** Gives the user a new key; the old key is revoked and its seed forgotten. */
  @Transactional
  public UserEntity rotate(String account, String name, Actor by) {
    AccountEntity a = accounts.get(account);
    UserEntity u = get(account, name);
    String old = u.publicKey;
    long oldSecret = u.identitySecretId;
    accounts.revoke(a, old);
    publisher.publish(a);
    NKey key = NKey.generate(NKeyType.USER);
    u.publicKey = key.publicKey();
    u.identitySecretId = custody.store(key).id;
    u.updatedAt = Instant.now();
    custody.forget(List.of(oldSecret));
    audit.record(by, "user.rotate", account, account + "/" + name, old + " → " + u.publicKey);
    return u;
  }

  /**
   * Signs a new user JWT and returns the creds file. Its lifetime is {@code ttl}, else the user's
   * default; never longer than the user's maximum. Creds of a user revoked in this very second are
   * issued in the next one ({@link Issuing}); called outside any transaction.
   */
  public Issued issueCreds(String account, String name, Duration ttl, Actor by) {
    return Issuing.outsideTransactions(() -> tryIssueCreds(account, name, ttl, by));
  }

  private Issuing.Attempt<Issued> tryIssueCreds(
      String account, String name, Duration ttl, Actor by) {
    // nothing loaded here changes: no snapshots of the JSON columns, no dirty checking
    UserEntity.getEntityManager().unwrap(Session.class).setDefaultReadOnly(true);
    AccountEntity a = accounts.get(account);
    UserEntity u = user(a, name);
    Duration lifetime = lifetime(u.spec.expiry(), ttl);
    return Issuing.unlessRevokedNow(a.revocations.get(u.publicKey), () -> sign(a, u, lifetime, by));
  }

  private Issued sign(AccountEntity a, UserEntity u, Duration lifetime, Actor by) {
    String account = a.name;
    String name = u.name;
    Instant now = Instant.now();
    Instant expires = lifetime == null ? null : now.plus(lifetime);
    SigningKeyEntity signer =
        u.signingKeyId == null ? null : SigningKeyEntity.findById(u.signingKeyId);
    UserClaims c = claims(u, a, signer, expires);
    String jwt =
        JwtCodec.encode(c, custody.load(signer == null ? a.identitySecretId : signer.secretId));
    String jti = c.id; // set by encode
    // Identical claims signed in the same second make the identical JWT (the jti is its hash):
    // the same credential, recorded once.
    IssuanceEntity.getEntityManager()
        .createNativeQuery(
            "insert into issuance (user_id, jti, public_key, issued_at, expires_at, issued_by)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (jti) do nothing")
        .setParameter(1, u.id)
        .setParameter(2, jti)
        .setParameter(3, u.publicKey)
        .setParameter(4, now)
        .setParameter(5, expires)
        .setParameter(6, by.name())
        .executeUpdate();
    audit.record(
        by,
        "user.creds",
        account,
        account + "/" + name,
        "jti " + jti + (expires == null ? ", no expiry" : ", expires " + expires));
    return new Issued(CredsFile.format(jwt, custody.load(u.identitySecretId)), jti, expires);
  }

  /** The creds issued to a user, newest first. */
  public PanacheQuery<IssuanceEntity> issuances(String account, String name) {
    UserEntity u = get(account, name);
    return IssuanceEntity.find("userId", Sort.by("issuedAt").descending(), u.id);
  }

  /** True if a revocation in {@code a}'s JWT covers the creds of {@code i}. */
  public static boolean isRevoked(AccountEntity a, IssuanceEntity i) {
    Long at = a.revocations.get(i.publicKey);
    return at != null && i.issuedAt.getEpochSecond() <= at;
  }

  private static Duration lifetime(UserSpec.Expiry expiry, Duration requested) {
    Duration ttl = requested;
    if (ttl == null && expiry != null && expiry.defaultTtl() != null) {
      ttl = Duration.ofSeconds(expiry.defaultTtl());
    }
    if (expiry != null && expiry.maxTtl() != null) {
      Duration max = Duration.ofSeconds(expiry.maxTtl());
      if (ttl == null) {
        return max;
      }
      if (ttl.compareTo(max) > 0) {
        throw ApiProblem.TTL_TOO_LONG.exception(
            "creds of this user live at most " + expiry.maxTtl() + " s, not " + ttl.toSeconds());
      }
    }
    return ttl;
  }

  private SigningKeyEntity signer(AccountEntity a, String signingKey) {
    if (signingKey == null) {
      return accounts.defaultSigningKey(a);
    }
    if (signingKey.equals(a.publicKey)) {
      // the identity key signs nothing but its account: signing keys can be replaced without
      // re-keying the account, the identity key cannot
      throw ApiProblem.INVALID_BODY.exception(
          "the account's identity key cannot sign users",
          List.of(
              new Problem.FieldError(
                  "signingKey", "the account's identity key; name one of its signing keys")));
    }
    SigningKeyEntity k =
        SigningKeyEntity.find("accountId = ?1 and publicKey = ?2", a.id, signingKey).firstResult();
    if (k == null) {
      throw ApiProblem.UNKNOWN_SIGNING_KEY.exception(
          "account '" + a.name + "' has no signing key " + signingKey);
    }
    return k;
  }

  /** Refuses a user NATS would refuse, or that goes beyond the account's limits. */
  private void check(UserEntity u, AccountEntity a, SigningKeyEntity signer) {
    if (signer != null && signer.isScoped() && !u.spec.grantsNothing()) {
      throw ApiProblem.SCOPED_USER.exception(
          "a user signed by scoped key '"
              + signer.role
              + "' gets its permissions and limits from the key's template; set only tags and"
              + " expiry");
    }
    UserSpec.Limits l = u.spec.limits();
    if (l != null) {
      AccountLimits al = a.limits;
      requireWithin(a, "subs", l.subs(), al.subs());
      requireWithin(a, "payload", l.payload(), al.payload());
      requireWithin(a, "data", l.data(), al.data());
    }
    claims(u, a, signer, null);
  }

  private static void requireWithin(AccountEntity a, String what, Long user, Long account) {
    long accountLimit = account == null ? -1 : account;
    if (accountLimit >= 0 && (user != null && (user < 0 || user > accountLimit))) {
      throw ApiProblem.LIMIT_EXCEEDED.exception(
          "account '" + a.name + "' allows " + what + " up to " + accountLimit + ", not " + user);
    }
  }

  /** The user's claims, checked by auth/ (and a scoped key's template expanded for them). */
  private UserClaims claims(
      UserEntity u, AccountEntity a, SigningKeyEntity signer, Instant expires) {
    UserClaims c;
    if (signer != null && signer.isScoped()) {
      c = UserClaims.createScoped(u.publicKey, u.name, a.publicKey);
    } else {
      c = UserClaims.create(u.publicKey, u.name);
      u.spec.applyTo(c.nats);
      if (signer != null) {
        c.nats.issuerAccount = a.publicKey;
      }
    }
    if (u.spec.tags() != null) {
      c.nats.tags.addAll(u.spec.tags());
    }
    if (expires != null) {
      c.expires = expires.getEpochSecond();
    }
    ValidationResults vr = ClaimsValidator.validate(c, Instant.now().getEpochSecond());
    if (vr.isBlocking(true)) {
      throw ApiProblem.INVALID_USER.exception(vr.firstBlocking(true).description());
    }
    if (signer != null && signer.isScoped()) {
      AccountClaims ac = AccountClaimsBuilder.of(a);
      var expanded = ScopeTemplates.expand(ac.nats.signingKeys.scope(signer.publicKey), c, ac);
      if (expanded instanceof Verdict.Rejected<?> r) {
        throw ApiProblem.TEMPLATE_ERROR.exception(r.detail());
      }
    }
    return c;
  }

  private static UserSpec merge(UserSpec base, UserSpec patch) {
    if (patch == null) {
      return base;
    }
    return new UserSpec(
        patch.permissions() != null ? patch.permissions() : base.permissions(),
        patch.limits() != null ? patch.limits() : base.limits(),
        patch.bearer() != null ? patch.bearer() : base.bearer(),
        patch.connectionTypes() != null ? patch.connectionTypes() : base.connectionTypes(),
        patch.sources() != null ? patch.sources() : base.sources(),
        patch.times() != null ? patch.times() : base.times(),
        patch.timesLocation() != null ? patch.timesLocation() : base.timesLocation(),
        patch.tags() != null ? patch.tags() : base.tags(),
        patch.expiry() != null ? patch.expiry() : base.expiry());
  }
}
