package io.tributary.operator.user;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserStatus;
import io.tributary.operator.reconcile.Conditions;
import io.tributary.operator.reconcile.Trouble;

/**
 * The status of a user from what the reconcile saw, or from the previous status and what went
 * wrong: a pure function. A user has no Progressing condition: nothing of it happens after the
 * reconcile.
 */
public final class UserStatus {
  public static final String CREDS_WRITTEN = "CredsWritten";
  public static final String NOT_SYNCED = Conditions.NOT_SYNCED;

  private UserStatus() {}

  /**
   * What a reconcile that went through saw.
   *
   * @param account the account's name in the control plane
   * @param drift the fields changed back to the spec's (changed outside Kubernetes)
   */
  public record Seen(
      String account,
      String userName,
      String publicKey,
      String secretName,
      CredsSecret.Creds creds,
      List<String> drift) {}

  /**
   * @param seen null when the reconcile failed: what the previous status said is kept
   * @param trouble null when it went through
   */
  public static TributaryUserStatus of(
      TributaryUser resource, Seen seen, Trouble trouble, Instant now) {
    TributaryUserStatus old = resource.getStatus();
    TributaryUserStatus s = new TributaryUserStatus();
    s.observedGeneration = resource.getMetadata().getGeneration();
    if (seen != null) {
      s.appliedGeneration = s.observedGeneration;
      s.account = seen.account();
      s.userName = seen.userName();
      s.publicKey = seen.publicKey();
      s.secretName = seen.secretName();
      s.credsIssuedAt = seen.creds().issuedAt().toString();
      s.credsExpireAt =
          seen.creds().expiresAt() == null ? null : seen.creds().expiresAt().toString();
      s.drift = seen.drift().isEmpty() ? null : List.copyOf(seen.drift());
    } else if (old != null) {
      s.appliedGeneration = old.appliedGeneration;
      s.account = old.account;
      s.userName = old.userName;
      s.publicKey = old.publicKey;
      s.secretName = old.secretName;
      s.credsIssuedAt = old.credsIssuedAt;
      s.credsExpireAt = old.credsExpireAt;
      s.drift = old.drift;
    }
    s.lastError = trouble == null ? null : trouble.problem();

    Conditions c = new Conditions(old == null ? null : old.conditions, s.observedGeneration, now);
    Condition ready =
        trouble != null
            ? c.notSynced(trouble)
            : c.of(
                Conditions.READY,
                true,
                CREDS_WRITTEN,
                "creds of user "
                    + s.userName
                    + " ("
                    + s.publicKey
                    + ") of account "
                    + s.account
                    + " in Secret "
                    + s.secretName
                    + (s.credsExpireAt == null ? ", no expiry" : ", expiring " + s.credsExpireAt));
    s.conditions = List.of(ready, c.degraded(trouble));
    return s;
  }
}
