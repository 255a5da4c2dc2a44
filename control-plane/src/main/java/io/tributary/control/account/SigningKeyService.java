package io.tributary.control.account;

import java.util.List;

import io.tributary.control.api.ApiException;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.user.UserEntity;
import io.tributary.control.user.UserSpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Adds and removes account signing keys; each change re-signs the account JWT. */
@ApplicationScoped
public class SigningKeyService {
  @Inject AccountService accounts;
  @Inject KeyCustody custody;
  @Inject AuditLog audit;

  @Transactional
  public SigningKeyEntity create(
      String account, String role, UserSpec template, String description, Actor by) {
    AccountEntity a = accounts.get(account);
    if (role == null && template != null) {
      throw new ApiException(
          422, "template-without-role", "a template makes a scoped key: give it a role");
    }
    if (template != null && (template.tags() != null || template.expiry() != null)) {
      throw new ApiException(
          422, "invalid-template", "a template sets permissions and limits, not tags or expiry");
    }
    if (role != null && SigningKeyEntity.count("accountId = ?1 and role = ?2", a.id, role) > 0) {
      throw new ApiException(
          409, "role-taken", "account '" + account + "' has a scoped key with role " + role);
    }
    SigningKeyEntity k = accounts.addSigningKey(a, role, template, description);
    accounts.publish(a);
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
      throw new ApiException(
          409,
          "in-use",
          users + " user(s) are signed by " + publicKey + "; move or delete them first");
    }
    k.delete();
    accounts.publish(a);
    custody.forget(List.of(k.secretId));
    audit.record(by, "signing-key.delete", account, account + "/" + publicKey, null);
  }
}
