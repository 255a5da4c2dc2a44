package io.tributary.operator.cluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.tributary.operator.controlplane.ControlPlaneClient.NodeSummary;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterStatus;
import io.tributary.operator.crd.TributaryClusterStatus.ControlPlaneState;
import io.tributary.operator.crd.TributaryClusterStatus.NodeState;

/**
 * The status of a cluster from what the operator saw: its StatefulSet, its registration with the
 * control plane, and what went wrong. A pure function; a condition keeps its transition time while
 * its status stays the same.
 */
public final class ClusterStatus {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

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
   */
  public static TributaryClusterStatus of(
      TributaryCluster cluster,
      StatefulSet statefulSet,
      Registration registration,
      Trouble trouble,
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

    String progressReason = progress(statefulSet, wanted, ready);
    Instant at = now.truncatedTo(ChronoUnit.SECONDS);
    List<Condition> conditions = new ArrayList<>();
    if (trouble != null && trouble.reason().equals("InvalidSpec")) {
      conditions.add(
          condition(old, READY, false, "InvalidSpec", trouble.message(), generation, at));
    } else if (ready < wanted) {
      conditions.add(
          condition(
              old,
              READY,
              false,
              "NodesNotReady",
              ready + " of " + wanted + " nodes ready",
              generation,
              at));
    } else if (!registered) {
      conditions.add(
          condition(
              old,
              READY,
              false,
              "NotRegistered",
              "the nodes are ready but the cluster is not registered with the control plane"
                  + (trouble == null ? "" : ": " + trouble.message()),
              generation,
              at));
    } else {
      conditions.add(
          condition(
              old,
              READY,
              true,
              "AllNodesReady",
              wanted + " of " + wanted + " nodes ready, registered as " + s.controlPlane.cluster,
              generation,
              at));
    }
    conditions.add(
        progressReason == null
            ? condition(
                old, PROGRESSING, false, "Stable", "the nodes run the current spec", generation, at)
            : condition(
                old,
                PROGRESSING,
                true,
                progressReason,
                progressMessage(progressReason, statefulSet, wanted, ready),
                generation,
                at));
    conditions.add(
        trouble == null
            ? condition(old, DEGRADED, false, "AsExpected", "", generation, at)
            : condition(old, DEGRADED, true, trouble.reason(), trouble.message(), generation, at));
    s.conditions = conditions;
    return s;
  }

  /** True when two statuses say the same (transition times included). */
  public static boolean same(TributaryClusterStatus a, TributaryClusterStatus b) {
    return Objects.equals(
        io.fabric8.kubernetes.client.utils.Serialization.asJson(a),
        io.fabric8.kubernetes.client.utils.Serialization.asJson(b));
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
    Long generation = statefulSet.getMetadata().getGeneration();
    if (st == null) {
      return ready < wanted ? "NodesStarting" : null;
    }
    if (generation != null
        && st.getObservedGeneration() != null
        && st.getObservedGeneration() < generation) {
      return "RollingUpdate";
    }
    if (st.getUpdateRevision() != null
        && st.getCurrentRevision() != null
        && !st.getUpdateRevision().equals(st.getCurrentRevision())) {
      return "RollingUpdate";
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
      case "RollingUpdate" -> {
        StatefulSetStatus st = statefulSet.getStatus();
        Integer updated = st == null ? null : st.getUpdatedReplicas();
        yield "rolling the nodes to the new spec: "
            + (updated == null ? "?" : updated)
            + " of "
            + wanted
            + " updated, "
            + ready
            + " ready";
      }
      case "Scaling" ->
          "scaling from " + statefulSet.getStatus().getReplicas() + " to " + wanted + " nodes";
      default -> ready + " of " + wanted + " nodes ready";
    };
  }

  private static Condition condition(
      TributaryClusterStatus old,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    String since = now.toString();
    if (old != null && old.conditions != null) {
      for (Condition c : old.conditions) {
        if (type.equals(c.getType()) && value.equals(c.getStatus())) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
