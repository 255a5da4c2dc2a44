package io.tributary.control.account;

import java.util.List;

import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.claims.AccountPublisher;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.model.SigningKeyEntity;
import io.tributary.control.model.UserEntity;
import io.tributary.control.model.UserSpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Adds and removes account signing keys; each change re-signs the account JWT. */
@ApplicationScoped
public class SigningKeyService {
  @Inject AccountService accounts;
  @Inject AccountPublisher publisher;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  @Transactional
  public SigningKeyEntity create(
      String account, String role, UserSpec template, String description, Actor by) {
    AccountEntity a = accounts.get(account);
    if (role == null && template != null) {
      throw ApiProblem.TEMPLATE_WITHOUT_ROLE.exception(
          "a template makes a scoped key: give it a role");
    }
    if (template != null && (template.tags() != null || template.expiry() != null)) {
      throw ApiProblem.INVALID_TEMPLATE.exception(
          "a template sets permissions and limits, not tags or expiry");
    }
    if (role != null && SigningKeyEntity.count("accountId = ?1 and role = ?2", a.id, role) > 0) {
      throw ApiProblem.ROLE_TAKEN.exception(
          "account '" + account + "' has a scoped key with role " + role);
    }
    SigningKeyEntity k = accounts.addSigningKey(a, role, template, description);
    publisher.publish(a);
    audit.record(
        by,
        "signing-key.create",
        account,
        account + "/" + k.publicKey,
        role == null ? "plain" : "scoped, role " + role);
    return k;
  }

  /** Removes a key no user is signed by (users signed by it would stop working at once). */
  @Transactional
  public void delete(String account, String publicKey, Actor by) {
    AccountEntity a = accounts.get(account);
    SigningKeyEntity k = accounts.signingKey(a, publicKey);
    long users = UserEntity.count("signingKeyId", k.id);
    if (users > 0) {
      throw ApiProblem.IN_USE.exception(
          users + " user(s) are signed by " + publicKey + "; move or delete them first");
    }
    k.delete();
    publisher.publish(a);
    custody.forget(List.of(k.secretId));
    audit.record(by, "signing-key.delete", account, account + "/" + publicKey, null);
  }
}
