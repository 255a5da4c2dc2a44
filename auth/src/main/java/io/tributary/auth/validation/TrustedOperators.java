package io.tributary.auth.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;

/**
 * The trust roots of a node: one or more operator JWTs. An account JWT is trusted when its issuer
 * is an operator's identity key (unless that operator uses strict signing keys) or one of its
 * signing keys. Immutable.
 */
public final class TrustedOperators {
  private final List<OperatorClaims> operators;
  private final Set<String> trustedIssuers = new HashSet<>();
  private final Set<String> strictKeys = new HashSet<>();

  private TrustedOperators(List<OperatorClaims> operators) {
    this.operators = List.copyOf(operators);
    for (OperatorClaims op : operators) {
      boolean strict = op.nats.strictSigningKeyUsage;
      if (!strict) {
        trustedIssuers.add(op.subject);
      }
      trustedIssuers.addAll(op.nats.signingKeys);
      if (strict) {
        strictKeys.add(op.subject);
        strictKeys.addAll(op.nats.signingKeys);
      }
    }
  }

  /**
   * Decodes, verifies and validates operator JWTs at {@code nowSeconds}.
   *
   * @throws JwtException if one is not a valid, current, self-signed operator JWT
   */
  public static TrustedOperators fromJwts(List<String> operatorJwts, long nowSeconds) {
    List<OperatorClaims> ops = new ArrayList<>();
    for (String jwt : operatorJwts) {
      OperatorClaims op = JwtCodec.decode(jwt.trim(), OperatorClaims.class);
      if (!op.didSign(op.issuer)) {
        throw new JwtException(
            JwtException.Reason.BAD_ISSUER,
            "operator JWT " + op.subject + " is not signed by the operator itself");
      }
      ValidationResults vr = ClaimsValidator.validate(op, nowSeconds);
      if (vr.isBlocking(true)) {
        throw new JwtException(
            JwtException.Reason.BAD_CLAIMS,
            "operator JWT "
                + op.subject
                + " is not valid: "
                + vr.firstBlocking(true).description());
      }
      ops.add(op);
    }
    if (ops.isEmpty()) {
      throw new JwtException(JwtException.Reason.MALFORMED, "no operator JWT given");
    }
    return new TrustedOperators(ops);
  }

  /** Trusts already-verified operator claims. */
  public static TrustedOperators of(OperatorClaims... operators) {
    return new TrustedOperators(List.of(operators));
  }

  public List<OperatorClaims> operators() {
    return operators;
  }

  /** The system account named by the first operator that names one, or null. */
  public String systemAccount() {
    return operators.stream()
        .map(o -> o.nats.systemAccount)
        .filter(s -> s != null && !s.isEmpty())
        .findFirst()
        .orElse(null);
  }

  /** True if {@code key} may issue account JWTs. */
  public boolean isTrustedIssuer(String key) {
    return trustedIssuers.contains(key);
  }

  /** True if {@code accountIssuer} belongs to an operator with strict signing key usage. */
  public boolean isStrict(String accountIssuer) {
    return strictKeys.contains(accountIssuer);
  }

  /**
   * Verifies an account JWT for use: trusted issuer, valid claims, not expired, not before its
   * time.
   */
  public Verdict<AccountClaims> verifyAccount(String jwt, long nowSeconds) {
    return verifyAccount(jwt, nowSeconds, true);
  }

  /**
   * Verifies an account JWT. With {@code timeChecksBlock} false an expired account is accepted, as
   * nats-server's full resolver stores one (it fails later, when used).
   */
  public Verdict<AccountClaims> verifyAccount(
      String jwt, long nowSeconds, boolean timeChecksBlock) {
    AccountClaims claims;
    try {
      claims = JwtCodec.decode(jwt, AccountClaims.class);
    } catch (JwtException e) {
      return Verdict.reject(Rejection.INVALID_JWT, e.getMessage());
    }
    return verifyAccount(claims, nowSeconds, timeChecksBlock);
  }

  /** Verifies decoded account claims (signature already checked by the decoder). */
  public Verdict<AccountClaims> verifyAccount(
      AccountClaims claims, long nowSeconds, boolean timeChecksBlock) {
    if (!isTrustedIssuer(claims.issuer)) {
      String why =
          strictKeys.contains(claims.issuer)
              ? "operator requires issuer to be a signing key"
              : "account "
                  + claims.subject
                  + " is signed by "
                  + claims.issuer
                  + ", which is not a trusted operator key";
      return Verdict.reject(Rejection.UNTRUSTED_ISSUER, why);
    }
    ValidationResults vr = ClaimsValidator.validate(claims, nowSeconds);
    if (vr.isBlocking(timeChecksBlock)) {
      if (claims.isExpired(nowSeconds) && timeChecksBlock) {
        return Verdict.reject(
            Rejection.ACCOUNT_EXPIRED, "account " + claims.subject + " has expired");
      }
      if (claims.isNotYetValid(nowSeconds) && timeChecksBlock) {
        return Verdict.reject(
            Rejection.NOT_YET_VALID, "account " + claims.subject + " is not yet valid");
      }
      return Verdict.reject(
          Rejection.INVALID_CLAIMS, vr.firstBlocking(timeChecksBlock).description());
    }
    return Verdict.accept(claims);
  }
}
