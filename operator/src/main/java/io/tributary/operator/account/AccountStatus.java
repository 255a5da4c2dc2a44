package io.tributary.operator.account;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.tributary.operator.controlplane.ControlPlaneClient.Account;
import io.tributary.operator.controlplane.ControlPlaneClient.PushNode;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountStatus;
import io.tributary.operator.crd.TributaryAccountStatus.PushState;
import io.tributary.operator.reconcile.Conditions;
import io.tributary.operator.reconcile.Trouble;

/**
 * The status of an account from what the reconcile saw, or from the previous status and what went
 * wrong: a pure function.
 */
public final class AccountStatus {
  /** The condition reasons of an account. */
  public static final String IN_SYNC = "InSync";

  public static final String DRIFT_REPORTED = "DriftReported";
  public static final String NOT_SYNCED = Conditions.NOT_SYNCED;
  public static final String DELETED_IN_CONTROL_PLANE = "DeletedInControlPlane";

  private AccountStatus() {}

  /**
   * What a reconcile that went through saw.
   *
   * @param account the account after the reconcile's writes; null when driftPolicy Report leaves an
   *     account deleted in the control plane deleted
   * @param drift the fields changed outside Kubernetes
   * @param left true when they were left so (driftPolicy Report)
   * @param push each node of the account's clusters
   */
  public record Seen(Account account, List<String> drift, boolean left, List<PushNode> push) {}

  /**
   * @param seen null when the reconcile failed: what the previous status said is kept
   * @param trouble null when it went through
   */
  public static TributaryAccountStatus of(
      TributaryAccount resource, Seen seen, Trouble trouble, Instant now) {
    TributaryAccountStatus old = resource.getStatus();
    TributaryAccountStatus s = new TributaryAccountStatus();
    s.observedGeneration = resource.getMetadata().getGeneration();
    String name = AccountRef.nameOf(resource);
    if (seen != null) {
      s.appliedGeneration = s.observedGeneration; // the spec is written, or was at this generation
      s.accountName = seen.account() == null ? name : seen.account().name();
      s.publicKey =
          seen.account() == null
              ? (old == null ? null : old.publicKey)
              : seen.account().publicKey();
      s.drift = seen.drift().isEmpty() ? null : List.copyOf(seen.drift());
      s.push = push(seen.push());
    } else if (old != null) {
      s.appliedGeneration = old.appliedGeneration;
      s.accountName = old.accountName;
      s.publicKey = old.publicKey;
      s.drift = old.drift;
      s.push = old.push;
    }
    s.lastError = trouble == null ? null : trouble.problem();

    Conditions c = new Conditions(old == null ? null : old.conditions, s.observedGeneration, now);
    boolean left = seen != null && seen.left();
    String drifted =
        "account " + name + " differs from the spec in " + s.drift + " (driftPolicy Report)";
    Condition ready;
    if (trouble != null) {
      ready = c.notSynced(trouble);
    } else if (seen.account() == null) {
      ready =
          c.of(
              Conditions.READY,
              false,
              DELETED_IN_CONTROL_PLANE,
              "account " + name + " was deleted in the control plane (driftPolicy Report)");
    } else if (left) {
      ready = c.of(Conditions.READY, true, DRIFT_REPORTED, drifted);
    } else {
      ready = c.of(Conditions.READY, true, IN_SYNC, "account " + name + " is as the spec says");
    }
    s.conditions =
        List.of(
            ready,
            progressing(c, s.push),
            trouble == null && left
                ? c.of(Conditions.DEGRADED, true, DRIFT_REPORTED, drifted)
                : c.degraded(trouble));
    return s;
  }

  private static Condition progressing(Conditions c, PushState push) {
    if (push == null || push.nodes == null || push.nodes.isEmpty()) {
      return c.of(Conditions.PROGRESSING, false, "Stable", "no nodes to push the account to");
    }
    int all = push.nodes.size();
    String message = push.current + " of " + all + " nodes have the account's current JWT";
    return push.pending > 0
        ? c.of(Conditions.PROGRESSING, true, "Pushing", message)
        : c.of(Conditions.PROGRESSING, false, "Stable", message);
  }

  private static PushState push(List<PushNode> nodes) {
    PushState p = new PushState();
    p.nodes =
        nodes.stream()
            .map(
                n -> {
                  TributaryAccountStatus.PushNode s = new TributaryAccountStatus.PushNode();
                  s.cluster = n.cluster();
                  s.url = n.url();
                  s.state = n.state();
                  s.error = n.error();
                  return s;
                })
            .toList();
    p.current = (int) nodes.stream().filter(n -> "current".equals(n.state())).count();
    p.pending = nodes.size() - p.current;
    return p;
  }
}
