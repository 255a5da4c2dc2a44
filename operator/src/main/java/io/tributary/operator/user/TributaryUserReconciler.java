package io.tributary.operator.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tributary.operator.account.AccountRef;
import io.tributary.operator.controlplane.ControlPlaneClient;
import io.tributary.operator.controlplane.ControlPlaneClient.User;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.ControlPlaneRef;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserStatus;
import io.tributary.operator.reconcile.Apply;
import io.tributary.operator.reconcile.Cleanup;
import io.tributary.operator.reconcile.ControlPlaneAccess;
import io.tributary.operator.reconcile.ErrorStatus;
import io.tributary.operator.reconcile.InvalidSpecException;
import io.tributary.operator.reconcile.Ownership;
import io.tributary.operator.reconcile.StatusWriter;
import io.tributary.operator.reconcile.TroubleException;
import io.tributary.operator.user.CredsSecret.Creds;
import io.tributary.operator.user.CredsSecret.Current;

/**
 * Reconciles a {@link TributaryUser}: the user in the control plane, made when missing and changed
 * back where it differs from the spec, and its creds in a Secret ({@link CredsSecret}), written
 * again when the user changed, was rotated ({@code spec.rotation}) or revoked, or its creds are two
 * thirds into their lifetime. Read again every status interval, or sooner when the creds are due.
 * With a finalizer, deletion deletes the user, which revokes its key; the Secret goes with the
 * resource (owner reference).
 */
@ControllerConfiguration(name = TributaryUserReconciler.NAME)
public final class TributaryUserReconciler
    implements Reconciler<TributaryUser>, Cleaner<TributaryUser> {
  public static final String NAME = "tributaryuser";
  private static final Logger LOG = LoggerFactory.getLogger(TributaryUserReconciler.class);

  /** A Secret's name: a DNS subdomain. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Duration statusInterval;
  private final Clock clock;

  /**
   * @param statusInterval how often the user and its creds are checked without an event
   */
  public TributaryUserReconciler(Duration statusInterval, Clock clock) {
    this.statusInterval = statusInterval;
    this.clock = clock;
  }

  @Override
  public UpdateControl<TributaryUser> reconcile(TributaryUser user, Context<TributaryUser> context)
      throws Exception {
    KubernetesClient client = context.getClient();
    AccountRef account;
    ControlPlaneRef ref;
    try {
      validate(user);
      account =
          AccountRef.resolve(client, user.getMetadata().getNamespace(), user.getSpec().account);
      ref = controlPlane(user, account);
      if (ref == null) {
        // retried: the TributaryAccount may be made after its users
        throw new TroubleException(
            "AccountNotFound",
            "no TributaryAccount '"
                + user.getSpec().account
                + "' in "
                + user.getMetadata().getNamespace()
                + " (and no spec.controlPlane to find an account of that name in)");
      }
      ControlPlaneAccess.validate(ref);
      TributaryUserStatus status = user.getStatus();
      if (status != null
          && status.account != null
          && !status.account.equals(account.accountName())) {
        throw new InvalidSpecException(
            "spec.account: the user is in account '"
                + status.account
                + "' and cannot move (make a new resource for a user of another account)");
      }
    } catch (InvalidSpecException e) {
      return ErrorStatus.invalidSpec(
          LOG, id(user), client, user, e, t -> UserStatus.of(user, null, t, clock.instant()));
    }
    ControlPlaneClient controlPlane =
        ControlPlaneAccess.client(client, user.getMetadata().getNamespace(), ref);
    UserStatus.Seen seen = sync(client, controlPlane, user, account.accountName());
    Instant now = clock.instant();
    StatusWriter.write(client, user, UserStatus.of(user, seen, null, now));
    Duration next = statusInterval;
    Instant renewAt = CredsSecret.renewAt(seen.creds());
    if (renewAt != null && Duration.between(now, renewAt).compareTo(next) < 0) {
      // at least a second: creds of a few seconds' life are not renewed in a loop
      next = Duration.ofSeconds(Math.max(1, Duration.between(now, renewAt).toSeconds() + 1));
    }
    return UpdateControl.<TributaryUser>noUpdate().rescheduleAfter(next);
  }

  @Override
  public ErrorStatusUpdateControl<TributaryUser> updateErrorStatus(
      TributaryUser user, Context<TributaryUser> context, Exception e) {
    return ErrorStatus.update(
        LOG, id(user), user, context, e, t -> UserStatus.of(user, null, t, clock.instant()));
  }

  @Override
  public DeleteControl cleanup(TributaryUser user, Context<TributaryUser> context)
      throws Exception {
    TributaryUserStatus status = user.getStatus();
    boolean made = status != null && status.publicKey != null;
    if (user.getSpec().account == null || user.getSpec().account.isBlank()) {
      return DeleteControl.defaultDelete(); // never valid, so never made
    }
    AccountRef account =
        AccountRef.resolve(
            context.getClient(), user.getMetadata().getNamespace(), user.getSpec().account);
    ControlPlaneRef ref = controlPlane(user, account);
    if (ref == null) {
      // the TributaryAccount is gone, and its deletion deleted its account's users
      LOG.info("{}: account resource {} gone: finalizer removed", id(user), user.getSpec().account);
      return DeleteControl.defaultDelete();
    }
    String accountName =
        status != null && status.account != null ? status.account : account.accountName();
    String name = UserRequests.userName(user);
    Cleanup.inControlPlane(
        LOG,
        id(user),
        made,
        () -> {
          ControlPlaneAccess.validate(ref);
          ControlPlaneClient controlPlane =
              ControlPlaneAccess.client(
                  context.getClient(), user.getMetadata().getNamespace(), ref);
          Optional<User> there = controlPlane.user(accountName, name);
          if (there.isPresent() && Ownership.owns(user, there.get().tags())) {
            controlPlane.deleteUser(accountName, name);
            LOG.info(
                "{}: deleted user {} of account {} (its key {} revoked)",
                id(user),
                name,
                accountName,
                there.get().publicKey());
          } else if (there.isPresent()) {
            LOG.warn(
                "{}: user {} of account {} is not this resource's; left",
                id(user),
                name,
                accountName);
          }
        });
    return DeleteControl.defaultDelete();
  }

  /** What the operator checks of a spec, before it reads anything. */
  static void validate(TributaryUser user) throws InvalidSpecException {
    if (user.getSpec().account == null || user.getSpec().account.isBlank()) {
      throw new InvalidSpecException("spec.account: a TributaryAccount or an account's name");
    }
    String name = UserRequests.userName(user);
    if (!ControlPlaneClient.NAME.matcher(name).matches()) {
      throw new InvalidSpecException(
          "the user's name '"
              + name
              + "' must be lower-case letters, digits and '-' (at most 63): set spec.userName");
    }
    TributaryUserStatus status = user.getStatus();
    if (status != null && status.userName != null && !status.userName.equals(name)) {
      throw new InvalidSpecException(
          "spec.userName: this resource's user is '" + status.userName + "' and cannot be renamed");
    }
    String secret = CredsSecret.name(user);
    if (secret.length() > 253 || !SECRET_NAME.matcher(secret).matches()) {
      throw new InvalidSpecException(
          "spec.secretName: '" + secret + "' is not a Secret's name (a DNS subdomain)");
    }
  }

  /** {@code spec.controlPlane}, else the TributaryAccount's; null when neither is there. */
  static ControlPlaneRef controlPlane(TributaryUser user, AccountRef account) {
    if (user.getSpec().controlPlane != null) {
      return user.getSpec().controlPlane;
    }
    return account.resource() == null ? null : account.resource().getSpec().controlPlane;
  }

  // Makes or changes the user, rotates it when asked, and writes new creds when they are due.
  private UserStatus.Seen sync(
      KubernetesClient client, ControlPlaneClient controlPlane, TributaryUser user, String account)
      throws ControlPlaneException, TroubleException {
    TributaryUserStatus status = user.getStatus();
    String name = UserRequests.userName(user);
    boolean specChanged =
        status == null
            || !Objects.equals(status.appliedGeneration, user.getMetadata().getGeneration());
    List<String> drift = new ArrayList<>();

    Optional<User> found = controlPlane.user(account, name);
    User there;
    if (found.isEmpty()) {
      if (status != null && status.publicKey != null && !specChanged) {
        drift.add("user");
      }
      try {
        there = controlPlane.createUser(account, UserRequests.newUser(user));
      } catch (ControlPlaneException e) {
        if (e.status() == 404) {
          throw new TroubleException(
              "AccountNotFound", "no account '" + account + "' in the control plane (yet)");
        }
        throw e;
      }
      LOG.info("{}: made user {} of account {} ({})", id(user), name, account, there.publicKey());
    } else if (!Ownership.owns(user, found.get().tags())) {
      throw new ControlPlaneException(
          409,
          "name-taken",
          "Conflict",
          "account '"
              + account
              + "' has a user named '"
              + name
              + "' that this resource did not make (set spec.userName)");
    } else {
      there = found.get();
      List<String> differences = UserRequests.differences(user, there);
      if (!differences.isEmpty()) {
        there = controlPlane.changeUser(account, name, there.version(), UserRequests.change(user));
        if (!specChanged) {
          drift.addAll(differences);
        }
        LOG.info(
            "{}: user {} {}: {}",
            id(user),
            name,
            specChanged ? "changed as the spec asks" : "changed back (drift)",
            differences);
      }
    }

    String secretName = CredsSecret.name(user);
    Secret secret =
        client.secrets().inNamespace(user.getMetadata().getNamespace()).withName(secretName).get();
    if (secret != null && !ownedBy(secret, user)) {
      throw new TroubleException(
          "SecretNameTaken",
          "Secret " + secretName + " exists and is not this resource's (set spec.secretName)");
    }
    Current current = CredsSecret.read(secret).orElse(null);
    if (found.isPresent() && CredsSecret.rotationAsked(user, current, there)) {
      there = controlPlane.rotateUser(account, name);
      LOG.info("{}: rotated user {}: its key is {}", id(user), name, there.publicKey());
    }
    Long revokedUpTo =
        current == null
            ? null
            : controlPlane
                .account(account)
                .map(a -> a.revocations().get(current.creds().publicKey()))
                .orElse(null);
    String why = CredsSecret.renewal(current, there, revokedUpTo, clock.instant());
    Creds creds;
    if (why == null) {
      creds = current.creds();
    } else {
      String text = controlPlane.creds(account, name);
      Apply.apply(client, CredsSecret.secret(user, account, there, text));
      creds = CredsSecret.parse(text);
      LOG.info("{}: new creds in Secret {}: {}", id(user), secretName, why);
    }
    return new UserStatus.Seen(account, name, there.publicKey(), secretName, creds, drift);
  }

  private static boolean ownedBy(Secret secret, TributaryUser user) {
    return secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> Objects.equals(r.getUid(), user.getMetadata().getUid()));
  }

  private static String id(TributaryUser user) {
    return user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
  }
}
