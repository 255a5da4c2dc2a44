package io.tributary.operator.cluster;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.tributary.operator.cluster.RollPlan.Decision;
import io.tributary.operator.cluster.RollPlan.Step;
import io.tributary.operator.controlplane.ControlPlaneClient.NodeSummary;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterStatus;
import io.tributary.operator.crd.TributaryClusterStatus.ControlPlaneState;
import io.tributary.operator.crd.TributaryClusterStatus.NodeState;
import io.tributary.operator.crd.TributaryClusterStatus.Roll;
import io.tributary.operator.reconcile.Conditions;
import io.tributary.operator.reconcile.Trouble;

/**
 * The status of a cluster from what the operator saw: its StatefulSet, its registration with the
 * control plane, and what went wrong. A pure function; a condition keeps its transition time while
 * its status stays the same.
 */
public final class ClusterStatus {
  /** Progressing's and Degraded's reason when a restarted pod did not come back. */
  public static final String ROLL_STUCK = "RollStuck";

  private static final String STOPPED = "the roll is stopped until it recovers or the spec changes";

  private ClusterStatus() {}

  /**
   * The registration as last seen: registered or not, and the nodes as the control plane sees them
   * (null: not read).
   */
  public record Registration(String cluster, boolean registered, List<NodeSummary> nodes) {}

  /**
   * @param statefulSet as stored (null: not made yet)
   * @param registration null when this reconcile did not get that far: the last one is kept
   * @param trouble null when all went through
   * @param roll the roller's decision; null when this reconcile did not get that far: the last roll
   *     is kept
   */
  public static TributaryClusterStatus of(
      TributaryCluster cluster,
      StatefulSet statefulSet,
      Registration registration,
      Trouble trouble,
      Decision roll,
      Instant now) {
    TributaryClusterStatus old = cluster.getStatus();
    TributaryClusterStatus s = new TributaryClusterStatus();
    Long generation = cluster.getMetadata().getGeneration();
    s.observedGeneration = generation;
    int wanted = cluster.getSpec().replicas;
    StatefulSetStatus sts = statefulSet == null ? null : statefulSet.getStatus();
    int ready = sts == null || sts.getReadyReplicas() == null ? 0 : sts.getReadyReplicas();
    s.replicas = sts == null || sts.getReplicas() == null ? 0 : sts.getReplicas();
    s.readyReplicas = ready;
    s.clientUrls = new ClusterNames(cluster).clientUrls();

    s.controlPlane = controlPlane(old, registration, trouble);
    boolean registered = s.controlPlane.registered;

    s.roll = roll != null ? roll.roll() : old == null ? null : old.roll;
    Conditions c = new Conditions(old == null ? null : old.conditions, generation, now);
    Condition degraded = c.degraded(trouble);
    Condition progressing;
    if (roll != null && roll.step() instanceof Step.Stuck stuck) {
      String message = "pod " + stuck.pod() + " " + stuck.why() + "; " + STOPPED;
      progressing = c.of(Conditions.PROGRESSING, false, ROLL_STUCK, message);
      if (trouble == null) {
        degraded = c.of(Conditions.DEGRADED, true, ROLL_STUCK, message);
      }
    } else if (s.roll != null) {
      progressing = c.of(Conditions.PROGRESSING, true, "RollingUpdate", rollMessage(s.roll, roll));
    } else {
      String reason = progress(statefulSet, wanted, ready);
      progressing =
          reason == null
              ? c.of(Conditions.PROGRESSING, false, "Stable", "the nodes run the current spec")
              : c.of(
                  Conditions.PROGRESSING,
                  true,
                  reason,
                  progressMessage(reason, statefulSet, wanted, ready));
    }
    s.conditions =
        List.of(
            ready(c, trouble, wanted, ready, registered, s.controlPlane.cluster),
            progressing,
            degraded);
    return s;
  }

  private static String rollMessage(Roll roll, Decision decision) {
    String pending =
        roll.pending == null || roll.pending.isEmpty()
            ? "none left"
            : String.join(", ", roll.pending) + " left";
    String now =
        switch (decision == null ? null : decision.step()) {
          case Step.Restart r -> "restarting " + r.pod();
          case Step.WaitReady w -> "waiting for " + w.pod() + " to be Ready on the new spec";
          case Step.WaitAccounts w ->
              "waiting for " + w.pod() + "'s node to be current with its accounts";
          case Step.Blocked b -> "waiting for " + String.join(", ", b.pods()) + " to be Ready";
          case null, default -> "rolling the pods to the new spec";
        };
    return now + " (" + pending + ")";
  }

  private static Condition ready(
      Conditions c,
      Trouble trouble,
      int wanted,
      int ready,
      boolean registered,
      String registeredAs) {
    if (trouble != null && trouble.isInvalidSpec()) {
      return c.of(Conditions.READY, false, Trouble.INVALID_SPEC, trouble.message());
    }
    if (ready < wanted) {
      return c.of(
          Conditions.READY, false, "NodesNotReady", ready + " of " + wanted + " nodes ready");
    }
    if (!registered) {
      return c.of(
          Conditions.READY,
          false,
          "NotRegistered",
          "the nodes are ready but the cluster is not registered with the control plane"
              + (trouble == null ? "" : ": " + trouble.message()));
    }
    return c.of(
        Conditions.READY,
        true,
        "AllNodesReady",
        wanted + " of " + wanted + " nodes ready, registered as " + registeredAs);
  }

  private static ControlPlaneState controlPlane(
      TributaryClusterStatus old, Registration registration, Trouble trouble) {
    ControlPlaneState before = old == null ? null : old.controlPlane;
    ControlPlaneState cp = new ControlPlaneState();
    if (registration != null) {
      cp.cluster = registration.cluster();
      cp.registered = registration.registered();
      if (registration.nodes() != null) {
        cp.nodes = registration.nodes().stream().map(ClusterStatus::node).toList();
      } else if (before != null) {
        cp.nodes = before.nodes;
      }
    } else if (before != null) {
      cp.cluster = before.cluster;
      cp.registered = before.registered;
      cp.nodes = before.nodes;
    }
    cp.lastError = trouble == null ? null : trouble.problem();
    return cp;
  }

  private static NodeState node(NodeSummary n) {
    NodeState s = new NodeState();
    s.url = n.url();
    s.connected = n.connected();
    s.accounts = n.accounts();
    s.current = n.current();
    s.pending = n.pending();
    return s;
  }

  // Why the nodes are not yet what the spec asks, or null when they are.
  private static String progress(StatefulSet statefulSet, int wanted, int ready) {
    if (statefulSet == null) {
      return "Creating";
    }
    StatefulSetStatus st = statefulSet.getStatus();
    if (st == null) {
      return ready < wanted ? "NodesStarting" : null;
    }
    if (st.getReplicas() != null && st.getReplicas() != wanted) {
      return "Scaling";
    }
    return ready < wanted ? "NodesStarting" : null;
  }

  private static String progressMessage(
      String reason, StatefulSet statefulSet, int wanted, int ready) {
    return switch (reason) {
      case "Creating" -> "creating the StatefulSet";
      case "Scaling" ->
          "scaling from " + statefulSet.getStatus().getReplicas() + " to " + wanted + " nodes";
      default -> ready + " of " + wanted + " nodes ready";
    };
  }
}
