package io.tributary.operator.crd;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the operator saw of the account in the control plane. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryAccountStatus {
  /** The spec's generation this status describes. */
  public Long observedGeneration;

  /**
   * The spec's generation last written to the control plane: differences found at that generation
   * were made outside Kubernetes (drift).
   */
  public Long appliedGeneration;

  /** {@code Ready}, {@code Progressing}, {@code Degraded}. */
  public List<Condition> conditions = new ArrayList<>();

  /** The account's name in the control plane, once made. */
  public String accountName;

  /** The account's public key: its identity in NATS. */
  public String publicKey;

  /**
   * The fields that differed from the spec in the control plane on the last reconcile while the
   * spec had not changed (changed outside Kubernetes): changed back with driftPolicy Enforce, left
   * with Report.
   */
  public List<String> drift;

  /** Which nodes of the account's clusters have its current JWT. */
  public PushState push;

  /** The last refusal or failure, null when the last reconcile went through. */
  public Problem lastError;

  /** The account's JWT on the nodes of its clusters ({@code GET …/push-status}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PushState {
    /** Nodes that have the current JWT. */
    public int current;

    /** Nodes that do not have it yet, or refused it. */
    public int pending;

    public List<PushNode> nodes;
  }

  /** One node: {@code current}, {@code pending} or {@code error}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PushNode {
    public String cluster;
    public String url;
    public String state;
    public String error;
  }
}
