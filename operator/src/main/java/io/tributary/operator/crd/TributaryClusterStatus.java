package io.tributary.operator.crd;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the operator saw: conditions, nodes ready, where to connect, the control plane's view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryClusterStatus {
  /** The spec's generation this status describes. */
  public Long observedGeneration;

  /** Pods the StatefulSet has (the scale subresource's status replicas). */
  @StatusReplicas public Integer replicas;

  public Integer readyReplicas;

  /** {@code Ready}, {@code Progressing}, {@code Degraded}. */
  public List<Condition> conditions = new ArrayList<>();

  /** The nodes' client URLs, as registered with the control plane. */
  public List<String> clientUrls;

  public ControlPlaneState controlPlane;

  /** The rolling change under way, null when every pod runs the current spec. */
  public Roll roll;

  /**
   * A rolling change: the pods still to restart, highest ordinal first, and the one restarted last
   * until it is back.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Roll {
    /** The config checksum the pods are rolled to. */
    public String target;

    public String startedAt;

    /** Pods not yet on the target, in the order they will be restarted. */
    public List<String> pending;

    /** The pod restarted last, until it is Ready and current with its accounts. */
    public String pod;

    /** When it was deleted: the roll timeout runs from here. */
    public String podDeletedAt;
  }

  /** The control plane's view of the cluster ({@code GET /api/v1/clusters/{name}/status}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ControlPlaneState {
    /** The cluster's name there. */
    public String cluster;

    public boolean registered;

    /** Per node: connected, accounts current and pending. */
    public List<NodeState> nodes;

    /** The last refusal or failure, null when the last call went through. */
    public Problem lastError;
  }

  /** One node as the control plane sees it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NodeState {
    public String url;
    public boolean connected;
    public long accounts;
    public long current;
    public long pending;
  }
}
