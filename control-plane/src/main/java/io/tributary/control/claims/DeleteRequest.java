package io.tributary.control.claims;

import java.util.List;

import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The request a full resolver needs to delete an account ({@code $SYS.REQ.CLAIMS.DELETE}): a JWT
 * self-signed by the operator's identity key that lists the account.
 */
@ApplicationScoped
public class DeleteRequest {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;

  /** The signed request to delete the account with {@code accountKey}. */
  @Transactional
  public String sign(String accountKey) {
    OperatorEntity op = operators.bootstrap();
    GenericClaims del = new GenericClaims(op.publicKey);
    del.nats.put("accounts", List.of(accountKey));
    return JwtCodec.encode(del, custody.load(op.identitySecretId));
  }
}
