package io.tributary.control.claims;

import java.time.Instant;
import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.ValidationResults;
import io.tributary.auth.validation.Verdict;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The one path by which an account's JWT changes: claims built from the rows ({@link
 * AccountClaimsBuilder}), checked by auth/'s validator (422 {@code invalid-account}), signed with
 * the operator's signing key, verified through the operator's trust chain, stored on the account,
 * and queued for the nodes (a {@link PushOutbox} row). All of it joins the caller's transaction, so
 * the change, its JWT, its outbox row and its audit line commit together or not at all.
 */
@ApplicationScoped
public class AccountPublisher {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;
  @Inject Event<PushRequested> pushRequested;

  /** Re-signs {@code a}'s JWT from its current rows and queues it for the nodes. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void publish(AccountEntity a) {
    AccountClaims c = AccountClaimsBuilder.of(a);
    long now = Instant.now().getEpochSecond();
    ValidationResults vr = ClaimsValidator.validate(c, now);
    if (vr.isBlocking(true)) {
      throw ApiProblem.INVALID_ACCOUNT.exception(vr.firstBlocking(true).description());
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
    enqueue(a.publicKey);
  }

  /** Queues the deletion of the account with {@code accountKey} from the nodes (it is gone). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void unpublish(String accountKey) {
    enqueue(accountKey);
  }

  private void enqueue(String accountKey) {
    PushOutbox row = new PushOutbox();
    row.accountKey = accountKey;
    row.persist();
    pushRequested.fire(new PushRequested());
  }
}
