package io.tributary.operator.account;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tributary.operator.controlplane.ControlPlaneClient;
import io.tributary.operator.controlplane.ControlPlaneClient.Account;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;
import io.tributary.operator.crd.TributaryAccountSpec.DriftPolicy;
import io.tributary.operator.crd.TributaryAccountStatus;
import io.tributary.operator.reconcile.Cleanup;
import io.tributary.operator.reconcile.ControlPlaneAccess;
import io.tributary.operator.reconcile.ErrorStatus;
import io.tributary.operator.reconcile.InvalidSpecException;
import io.tributary.operator.reconcile.Ownership;
import io.tributary.operator.reconcile.StatusWriter;
import io.tributary.operator.reconcile.TroubleException;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reconciles a {@link TributaryAccount} with its account in the control plane: made when missing,
 * changed where it differs from the spec ({@link AccountPlan}), read again every status interval
 * for drift and the push state; with a finalizer, deletion deletes the account (with its users).
 *
 * <p>A difference found while the spec had not changed since it was last written was made outside
 * Kubernetes (drift): it is listed in the status and changed back, unless {@code driftPolicy:
 * Report}. Failures become a Degraded condition and are retried with backoff, except a spec the
 * control plane refuses ({@code InvalidSpec}), which waits for a new spec.
 */
@ControllerConfiguration(name = TributaryAccountReconciler.NAME)
public final class TributaryAccountReconciler
    implements Reconciler<TributaryAccount>, Cleaner<TributaryAccount> {
  public static final String NAME = "tributaryaccount";
  private static final Logger LOG = LoggerFactory.getLogger(TributaryAccountReconciler.class);

  private final Duration statusInterval;
  private final Clock clock;

  /**
   * @param statusInterval how often the account is read again from the control plane
   */
  public TributaryAccountReconciler(Duration statusInterval, Clock clock) {
    this.statusInterval = statusInterval;
    this.clock = clock;
  }

  @Override
  public UpdateControl<TributaryAccount> reconcile(
      TributaryAccount account, Context<TributaryAccount> context) throws Exception {
    KubernetesClient client = context.getClient();
    try {
      validate(account);
    } catch (InvalidSpecException e) {
      return ErrorStatus.invalidSpec(
          LOG,
          id(account),
          client,
          account,
          e,
          t -> AccountStatus.of(account, null, t, clock.instant()));
    }
    ControlPlaneClient controlPlane =
        ControlPlaneAccess.client(
            client, account.getMetadata().getNamespace(), account.getSpec().controlPlane);
    AccountStatus.Seen seen = sync(client, controlPlane, account);
    StatusWriter.write(client, account, AccountStatus.of(account, seen, null, clock.instant()));
    return UpdateControl.<TributaryAccount>noUpdate().rescheduleAfter(statusInterval);
  }

  @Override
  public ErrorStatusUpdateControl<TributaryAccount> updateErrorStatus(
      TributaryAccount account, Context<TributaryAccount> context, Exception e) {
    return ErrorStatus.update(
        LOG,
        id(account),
        account,
        context,
        e,
        t -> AccountStatus.of(account, null, t, clock.instant()));
  }

  @Override
  public DeleteControl cleanup(TributaryAccount account, Context<TributaryAccount> context)
      throws Exception {
    TributaryAccountStatus status = account.getStatus();
    boolean made = status != null && status.publicKey != null;
    String name =
        status != null && status.accountName != null
            ? status.accountName
            : AccountRef.nameOf(account);
    Cleanup.inControlPlane(
        LOG,
        id(account),
        made,
        () -> {
          ControlPlaneAccess.validate(account.getSpec().controlPlane);
          ControlPlaneClient controlPlane =
              ControlPlaneAccess.client(
                  context.getClient(),
                  account.getMetadata().getNamespace(),
                  account.getSpec().controlPlane);
          Optional<Account> there = controlPlane.account(name);
          if (there.isPresent() && Ownership.owns(account, there.get().tags())) {
            controlPlane.deleteAccount(name);
            LOG.info("{}: deleted account {} from the control plane", id(account), name);
          } else if (there.isPresent()) {
            LOG.warn(
                "{}: account {} in the control plane is not this resource's; left",
                id(account),
                name);
          }
        });
    return DeleteControl.defaultDelete();
  }

  /** What the operator checks of a spec beyond the CRD's schema. */
  static void validate(TributaryAccount account) throws InvalidSpecException {
    TributaryAccountSpec spec = account.getSpec();
    ControlPlaneAccess.validate(spec.controlPlane);
    String name = AccountRef.nameOf(account);
    if (!ControlPlaneClient.NAME.matcher(name).matches()) {
      throw new InvalidSpecException(
          "the control plane's account name '"
              + name
              + "' must be lower-case letters, digits and '-' (at most 63): set spec.accountName");
    }
    TributaryAccountStatus status = account.getStatus();
    if (status != null && status.accountName != null && !status.accountName.equals(name)) {
      throw new InvalidSpecException(
          "spec.accountName: this resource's account is '"
              + status.accountName
              + "' and cannot be renamed (make a new resource for another account)");
    }
    if (spec.exports != null) {
      unique("spec.exports", spec.exports.stream().map(e -> e.name).toList());
    }
    if (spec.imports != null) {
      unique("spec.imports", spec.imports.stream().map(i -> i.name).toList());
      for (TributaryAccountSpec.Import i : spec.imports) {
        if (i.account == null || i.account.isBlank()) {
          throw new InvalidSpecException("spec.imports." + i.name + ".account: the exporter");
        }
      }
    }
  }

  // Makes or changes the account, its exports and imports; says what had drifted.
  private static AccountStatus.Seen sync(
      KubernetesClient client, ControlPlaneClient controlPlane, TributaryAccount account)
      throws ControlPlaneException, TroubleException {
    TributaryAccountSpec spec = account.getSpec();
    TributaryAccountStatus status = account.getStatus();
    String name = AccountRef.nameOf(account);
    boolean specChanged =
        status == null
            || !Objects.equals(status.appliedGeneration, account.getMetadata().getGeneration());
    boolean enforce = spec.driftPolicy != DriftPolicy.Report;
    List<String> drift = new ArrayList<>();

    Optional<Account> found = controlPlane.account(name);
    Account there;
    if (found.isEmpty()) {
      boolean madeBefore = status != null && status.publicKey != null;
      if (madeBefore && !specChanged) {
        drift.add("account");
        if (!enforce) {
          if (!drift.equals(status.drift)) {
            LOG.warn("{}: account {} was deleted in the control plane; left so", id(account), name);
          }
          return new AccountStatus.Seen(null, drift, true, List.of());
        }
      }
      there = controlPlane.createAccount(AccountRequests.newAccount(account));
      LOG.info("{}: made account {} ({})", id(account), name, there.publicKey());
    } else if (!Ownership.owns(account, found.get().tags())) {
      throw new ControlPlaneException(
          409,
          "name-taken",
          "Conflict",
          "the control plane has an account named '"
              + name
              + "' that this resource did not make (set spec.accountName)");
    } else {
      there = found.get();
    }

    AccountPlan plan =
        AccountPlan.of(
            account,
            there,
            spec.exports == null ? List.of() : controlPlane.exports(name),
            spec.imports == null ? List.of() : controlPlane.imports(name),
            exporterKeys(client, controlPlane, account));
    boolean made = found.isEmpty();
    if (!specChanged && !made) {
      drift.addAll(plan.differences());
    }
    boolean write = specChanged || made || enforce;
    if (!plan.isEmpty() && write) {
      there = apply(controlPlane, name, there, plan);
      LOG.info(
          "{}: account {} {}: {}",
          id(account),
          name,
          drift.isEmpty() ? "changed as the spec asks" : "changed back (drift)",
          plan.differences());
    } else if (!plan.isEmpty() && !drift.equals(status.drift)) {
      LOG.warn("{}: account {} differs from the spec (left so): {}", id(account), name, drift);
    }
    return new AccountStatus.Seen(
        there, drift, !write && !drift.isEmpty(), controlPlane.pushStatus(name));
  }

  private static Account apply(
      ControlPlaneClient controlPlane, String name, Account there, AccountPlan plan)
      throws ControlPlaneException {
    Account changed =
        plan.change() == null
            ? there
            : controlPlane.changeAccount(name, there.version(), plan.change());
    for (String export : plan.deleteExports()) {
      controlPlane.deleteExport(name, export);
    }
    for (ObjectNode export : plan.createExports()) {
      controlPlane.createExport(name, export);
    }
    for (String imp : plan.deleteImports()) {
      controlPlane.deleteImport(name, imp);
    }
    for (ObjectNode imp : plan.createImports()) {
      controlPlane.createImport(name, imp);
    }
    return changed;
  }

  // Each import's account → the exporter's public key: a key as it is, else the account's.
  private static Map<String, String> exporterKeys(
      KubernetesClient client, ControlPlaneClient controlPlane, TributaryAccount account)
      throws ControlPlaneException, TroubleException {
    Map<String, String> keys = new LinkedHashMap<>();
    if (account.getSpec().imports == null) {
      return keys;
    }
    for (TributaryAccountSpec.Import i : account.getSpec().imports) {
      if (keys.containsKey(i.account)) {
        continue;
      }
      if (ControlPlaneClient.ACCOUNT_KEY.matcher(i.account).matches()) {
        keys.put(i.account, i.account);
        continue;
      }
      String exporter =
          AccountRef.resolve(client, account.getMetadata().getNamespace(), i.account).accountName();
      Account there =
          controlPlane
              .account(exporter)
              .orElseThrow(
                  () ->
                      new TroubleException(
                          "ExporterNotFound",
                          "spec.imports."
                              + i.name
                              + ": no account '"
                              + exporter
                              + "' in the control plane (yet)"));
      keys.put(i.account, there.publicKey());
    }
    return keys;
  }

  private static void unique(String field, List<String> names) throws InvalidSpecException {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (n == null || !seen.add(n)) {
        throw new InvalidSpecException(field + ": every item needs a name of its own (" + n + ")");
      }
    }
  }

  private static String id(TributaryAccount account) {
    return account.getMetadata().getNamespace() + "/" + account.getMetadata().getName();
  }
}
