package io.tributary.auth.validation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Permissions;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.nkey.NKey;

/**
 * Authenticates a client's CONNECT in operator mode, with nats-server's checks in nats-server's
 * order (so the same failure wins): user JWT, validity and time, account lookup and trust, signer,
 * scope, account expiry, bearer, connection type, nonce signature, revocation, source network,
 * connect window. The result carries the effective permissions (the scope template's, the user's
 * own, or the account defaults) and when the connection must close.
 */
public final class UserAuthenticator {
  private final TrustedOperators trust;

  public UserAuthenticator(TrustedOperators trust) {
    this.trust = trust;
  }

  public Verdict<AuthorizedUser> authenticate(ConnectAttempt attempt, AccountLookup accounts) {
    long now = attempt.now().getEpochSecond();
    UserClaims user;
    try {
      user = JwtCodec.decode(attempt.userJwt(), UserClaims.class);
    } catch (JwtException e) {
      return Verdict.reject(Rejection.INVALID_JWT, e.getMessage());
    }
    ValidationResults vr = ClaimsValidator.validate(user, now);
    if (user.isExpired(now)) {
      return Verdict.reject(
          Rejection.EXPIRED, "user JWT expired at " + Instant.ofEpochSecond(user.expires));
    }
    if (user.isNotYetValid(now)) {
      return Verdict.reject(
          Rejection.NOT_YET_VALID,
          "user JWT not valid before " + Instant.ofEpochSecond(user.notBefore));
    }
    if (vr.isBlocking(true)) {
      return Verdict.reject(Rejection.INVALID_CLAIMS, vr.firstBlocking(true).description());
    }
    String accountId = user.accountId();
    AccountClaims account = accounts.lookup(accountId);
    if (account == null) {
      return Verdict.reject(Rejection.ACCOUNT_NOT_FOUND, "account " + accountId + " not found");
    }
    if (!trust.isTrustedIssuer(account.issuer)) {
      return Verdict.reject(
          Rejection.UNTRUSTED_ISSUER,
          "account " + accountId + " is not signed by a trusted operator");
    }
    boolean strict = trust.isStrict(account.issuer);
    if (!account.isUserSigner(user.issuer, strict)) {
      return Verdict.reject(
          Rejection.UNKNOWN_SIGNER, "User JWT issuer " + user.issuer + " is not known");
    }
    UserScope scope = account.nats.signingKeys.scope(user.issuer);
    UserPermissionLimits effective = user.nats;
    if (scope != null) {
      if (!user.nats.isEmpty()) {
        return Verdict.reject(
            Rejection.SCOPED_USER_HAS_PERMISSIONS,
            "scoped users require no permissions or limits set");
      }
      Verdict<UserPermissionLimits> expanded = ScopeTemplates.expand(scope, user, account);
      if (!expanded.isAccepted()) {
        return expanded.asRejected();
      }
      effective = expanded.value();
    }
    if (account.isExpired(now)) {
      return Verdict.reject(Rejection.ACCOUNT_EXPIRED, "account " + accountId + " has expired");
    }
    if (effective.bearerToken && account.nats.limits.disallowBearer) {
      return Verdict.reject(
          Rejection.BEARER_NOT_ALLOWED, "bearer tokens are not allowed in account " + accountId);
    }
    if (!connectionTypeAllowed(effective.allowedConnectionTypes, attempt.connectionType())) {
      return Verdict.reject(
          Rejection.CONNECTION_TYPE_NOT_ALLOWED,
          "connection type " + attempt.connectionType() + " not allowed");
    }
    if (!effective.bearerToken) {
      Verdict<Void> sig = checkNonceSignature(user.subject, attempt);
      if (!sig.isAccepted()) {
        return sig.asRejected();
      }
    }
    if (account.nats.revocations.isRevoked(user.subject, user.issuedAt)) {
      return Verdict.reject(Rejection.REVOKED, "user " + user.subject + " is revoked");
    }
    if (!effective.src.isEmpty() && !sourceAllowed(effective.src, attempt)) {
      return Verdict.reject(Rejection.SOURCE_NOT_ALLOWED, "client address not in " + effective.src);
    }
    Instant windowEnd = null;
    if (!effective.times.isEmpty()) {
      ZoneId zone = ConnectTimes.zone(effective.timesLocation);
      Optional<Instant> end =
          zone == null
              ? Optional.empty()
              : ConnectTimes.currentWindowEnd(effective.times, zone, attempt.now());
      if (end.isEmpty()) {
        return Verdict.reject(Rejection.OUTSIDE_TIME_WINDOW, "Outside connect times");
      }
      windowEnd = end.get();
    }
    Permissions permissions = new Permissions();
    boolean defaults = effective.hasNoPermissions();
    if (defaults) {
      permissions = account.nats.defaultPermissions;
    } else {
      permissions.pub = effective.pub;
      permissions.sub = effective.sub;
      permissions.resp = effective.resp;
    }
    Instant expiresAt = user.expires > 0 ? Instant.ofEpochSecond(user.expires) : null;
    if (windowEnd != null && (expiresAt == null || windowEnd.isBefore(expiresAt))) {
      expiresAt = windowEnd;
    }
    return Verdict.accept(
        new AuthorizedUser(
            user,
            account,
            user.issuer,
            permissions,
            defaults,
            effective,
            scope != null,
            expiresAt));
  }

  /**
   * Checks {@code sig} over the nonce with the user's key; accepts Base64URL without padding or
   * standard Base64.
   */
  static Verdict<Void> checkNonceSignature(String userKey, ConnectAttempt attempt) {
    String sig = attempt.signature();
    if (sig == null || sig.isEmpty()) {
      return Verdict.reject(Rejection.MISSING_SIGNATURE, "no nonce signature");
    }
    byte[] raw = decodeSignature(sig);
    if (raw == null || attempt.nonce() == null) {
      return Verdict.reject(Rejection.BAD_SIGNATURE, "signature is not Base64");
    }
    if (!NKey.fromPublicKey(userKey).verify(attempt.nonce(), raw)) {
      return Verdict.reject(Rejection.BAD_SIGNATURE, "signature does not verify with " + userKey);
    }
    return Verdict.accept(null);
  }

  private static byte[] decodeSignature(String sig) {
    try {
      return Base64.getUrlDecoder().decode(sig);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getDecoder().decode(sig);
      } catch (IllegalArgumentException e2) {
        return null;
      }
    }
  }

  // Unknown names are dropped; if none is left the user can connect nowhere. An empty list allows
  // every type.
  private static boolean connectionTypeAllowed(List<String> allowed, String type) {
    if (allowed.isEmpty()) {
      return true;
    }
    String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
    return allowed.stream()
        .map(a -> a.toUpperCase(Locale.ROOT))
        .filter(ClaimsValidator.CONNECTION_TYPES::contains)
        .anyMatch(t::equals);
  }

  private static boolean sourceAllowed(List<String> cidrs, ConnectAttempt attempt) {
    if (attempt.clientAddress() == null) {
      return false;
    }
    for (String c : cidrs) {
      Cidr cidr = Cidr.parse(c);
      if (cidr != null && cidr.contains(attempt.clientAddress())) {
        return true;
      }
    }
    return false;
  }
}
