package io.tributary.control.operator;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.custody.KeyCustody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The operator. On first start it is created: identity key, signing key, operator JWT naming the
 * system account, the system account (signed by the signing key) and its system user — the identity
 * the control plane uses to talk to nodes. Every JWT is checked with auth/ before it is stored.
 */
@ApplicationScoped
public class OperatorService {
  private static final Logger LOG = Logger.getLogger(OperatorService.class);
  static final String DEFAULT_NAME = "tributary";

  @Inject KeyCustody custody;

  void onStart(@Observes StartupEvent event) {
    OperatorEntity op = bootstrap();
    LOG.infof("operator %s (%s), system account %s", op.name, op.publicKey, op.systemAccount);
  }

  /** The operator, created on first call. */
  @Transactional
  public OperatorEntity bootstrap() {
    OperatorEntity existing = OperatorEntity.<OperatorEntity>findAll().firstResult();
    if (existing != null) {
      return existing;
    }
    NKey identity = NKey.generate(NKeyType.OPERATOR);
    NKey signing = NKey.generate(NKeyType.OPERATOR);
    NKey system = NKey.generate(NKeyType.ACCOUNT);
    NKey systemUser = NKey.generate(NKeyType.USER);

    OperatorClaims oc = OperatorClaims.create(identity.publicKey(), DEFAULT_NAME);
    oc.nats.signingKeys.add(signing.publicKey());
    oc.nats.systemAccount = system.publicKey();
    String operatorJwt = signed(oc, identity);
    String systemJwt = signed(AccountClaims.create(system.publicKey(), "SYS"), signing);
    String userJwt = signed(UserClaims.create(systemUser.publicKey(), "control-plane"), system);
    long now = Instant.now().getEpochSecond();
    Verdict<AccountClaims> chain =
        TrustedOperators.fromJwts(List.of(operatorJwt), now).verifyAccount(systemJwt, now);
    if (!chain.isAccepted()) {
      throw new IllegalStateException("the new system account does not verify: " + chain);
    }

    OperatorEntity op = new OperatorEntity();
    op.name = DEFAULT_NAME;
    op.publicKey = identity.publicKey();
    op.identitySecretId = custody.store(identity).id;
    op.signingKey = signing.publicKey();
    op.signingSecretId = custody.store(signing).id;
    op.jwt = operatorJwt;
    op.systemAccount = system.publicKey();
    op.systemAccountSecretId = custody.store(system).id;
    op.systemAccountJwt = systemJwt;
    op.systemUser = systemUser.publicKey();
    op.systemUserSecretId = custody.store(systemUser).id;
    op.systemUserJwt = userJwt;
    op.updatedAt = Instant.now();
    op.persist();
    return op;
  }

  /** Signs claims after auth/'s validator found nothing blocking in them. */
  static String signed(Claims claims, NKey signer) {
    String jwt = JwtCodec.encode(claims, signer);
    ValidationResults vr =
        ClaimsValidator.validate(JwtCodec.decode(jwt), Instant.now().getEpochSecond());
    if (vr.isBlocking(true)) {
      throw new IllegalStateException(
          "refusing to store an invalid JWT: " + vr.firstBlocking(true));
    }
    return jwt;
  }
}
