package io.tributary.control.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.control.account.AccountEntity;
import io.tributary.control.account.AccountService;
import io.tributary.control.api.ApiException;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.custody.KeyCustody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Users of an account and the creds files issued to them. A creds file is the only way a seed
 * leaves the service: it is made on request, returned once, and recorded (jti, expiry, who).
 */
@ApplicationScoped
public class UserService {
  @Inject AccountService accounts;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  /** A page of an account's users by name, and how many there are. */
  public record Listing(List<UserEntity> items, long total) {}

  /** A creds file and the issuance it was recorded as. */
  public record Issued(String creds, IssuanceEntity issuance) {}

  @Transactional
  public UserEntity create(
      String account,
      String name,
      UserPermissions permissions,
      boolean bearer,
      String actor,
      String source) {
    AccountEntity a = accounts.get(account);
    if (UserEntity.count("accountId = ?1 and name = ?2", a.id, name) > 0) {
      throw new ApiException(
          409, "name-taken", "account '" + account + "' has a user named '" + name + "'");
    }
    NKey key = NKey.generate(NKeyType.USER);
    UserEntity u = new UserEntity();
    u.accountId = a.id;
    u.name = name;
    u.publicKey = key.publicKey();
    u.identitySecretId = custody.store(key).id;
    u.permissions = permissions == null ? UserPermissions.none() : permissions.complete();
    u.bearer = bearer;
    u.updatedAt = Instant.now();
    claims(u, null); // refuse what the validator refuses before anything is stored
    u.persist();
    audit.record(actor, source, "user.create", account + "/" + name, "public key " + u.publicKey);
    return u;
  }

  public UserEntity get(String account, String name) {
    AccountEntity a = accounts.get(account);
    UserEntity u = UserEntity.find("accountId = ?1 and name = ?2", a.id, name).firstResult();
    if (u == null) {
      throw new ApiException(
          404, "not-found", "no user '" + name + "' in account '" + account + "'");
    }
    return u;
  }

  public Listing list(String account, int page, int size) {
    AccountEntity a = accounts.get(account);
    var q = UserEntity.<UserEntity>find("accountId", Sort.by("name"), a.id);
    return new Listing(q.page(Page.of(page, size)).list(), q.count());
  }

  @Transactional
  public void delete(String account, String name, String actor, String source) {
    UserEntity u = get(account, name);
    u.delete();
    audit.record(actor, source, "user.delete", account + "/" + name, "public key " + u.publicKey);
  }

  /** Signs a new user JWT (valid for {@code ttl}, or without expiry) and returns the creds file. */
  @Transactional
  public Issued issueCreds(String account, String name, Duration ttl, String actor, String source) {
    AccountEntity a = accounts.get(account);
    UserEntity u = get(account, name);
    Instant now = Instant.now();
    Instant expires = ttl == null ? null : now.plus(ttl);
    UserClaims c = claims(u, expires);
    String jwt = JwtCodec.encode(c, custody.load(a.identitySecretId));
    IssuanceEntity i = new IssuanceEntity();
    i.userId = u.id;
    i.jti = JwtCodec.decode(jwt).id;
    i.issuedAt = now;
    i.expiresAt = expires;
    i.issuedBy = actor;
    i.persist();
    audit.record(
        actor,
        source,
        "user.creds",
        account + "/" + name,
        "jti " + i.jti + (expires == null ? ", no expiry" : ", expires " + expires));
    return new Issued(CredsFile.format(jwt, custody.load(u.identitySecretId)), i);
  }

  public List<IssuanceEntity> issuances(String account, String name) {
    UserEntity u = get(account, name);
    return IssuanceEntity.list("userId", Sort.by("issuedAt").descending(), u.id);
  }

  private static UserClaims claims(UserEntity u, Instant expires) {
    UserClaims c = UserClaims.create(u.publicKey, u.name);
    u.permissions.applyTo(c);
    c.nats.bearerToken = u.bearer;
    if (expires != null) {
      c.expires = expires.getEpochSecond();
    }
    ValidationResults vr = ClaimsValidator.validate(c, Instant.now().getEpochSecond());
    if (vr.isBlocking(true)) {
      throw new ApiException(422, "invalid-user", vr.firstBlocking(true).description());
    }
    return c;
  }
}
