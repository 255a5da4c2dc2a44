package io.tributary.operator.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.reconcile.Labels;

/**
 * The names, labels and owner reference of everything made for one {@link TributaryCluster}, and
 * the DNS names of its pods (through the headless Service).
 */
public final class ClusterNames {
  private final TributaryCluster cluster;

  public ClusterNames(TributaryCluster cluster) {
    this.cluster = cluster;
  }

  public String name() {
    return cluster.getMetadata().getName();
  }

  public String namespace() {
    return cluster.getMetadata().getNamespace();
  }

  /** The StatefulSet, the client Service and the PodDisruptionBudget. */
  public String statefulSet() {
    return name();
  }

  public String clientService() {
    return name();
  }

  public String podDisruptionBudget() {
    return name();
  }

  /** The headless Service that gives each pod its DNS name, for routes. */
  public String headlessService() {
    return name() + "-routes";
  }

  public String configMap() {
    return name() + "-config";
  }

  /** The cluster's name in the control plane. */
  public String controlPlaneCluster() {
    String n =
        cluster.getSpec().controlPlane == null ? null : cluster.getSpec().controlPlane.clusterName;
    return n == null || n.isBlank() ? name() : n;
  }

  public String pod(int ordinal) {
    return name() + "-" + ordinal;
  }

  /**
   * {@code <name>-<i>.<name>-routes.<namespace>.svc}: a pod's name through the headless Service.
   */
  public String podHost(int ordinal) {
    return pod(ordinal) + "." + headlessService() + "." + namespace() + ".svc";
  }

  /** Every pod's route URL, {@code nats-route://<pod host>:<route port>}. */
  public List<String> routeUrls() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cluster.getSpec().replicas; i++) {
      out.add("nats-route://" + podHost(i) + ":" + cluster.getSpec().routePort);
    }
    return out;
  }

  /** Every pod's client URL: {@code tls://} with TLS, else {@code nats://}. */
  public List<String> clientUrls() {
    String scheme = cluster.getSpec().tls != null ? "tls" : "nats";
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cluster.getSpec().replicas; i++) {
      out.add(scheme + "://" + podHost(i) + ":" + cluster.getSpec().clientPort);
    }
    return out;
  }

  /** The labels every object carries. */
  public Map<String, String> labels() {
    return Labels.of(cluster, null);
  }

  /** The pods' labels: the common ones and the component. */
  public Map<String, String> podLabels() {
    return Labels.of(cluster, "node");
  }

  /** What selects the cluster's pods (never changes: a StatefulSet's selector is immutable). */
  public Map<String, String> selector() {
    return Labels.selector(cluster);
  }

  /** The owner reference that makes Kubernetes delete an object with its cluster. */
  public OwnerReference ownerReference() {
    return Labels.ownerReference(cluster);
  }
}
