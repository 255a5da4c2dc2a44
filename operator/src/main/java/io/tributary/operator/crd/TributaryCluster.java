package io.tributary.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A data-plane cluster: {@code tributary.io/v1alpha1 TributaryCluster}, namespaced. The operator
 * turns it into a ConfigMap, two Services, a StatefulSet and a PodDisruptionBudget, and registers
 * the cluster with the control plane. Its CRD is generated from these types at build time.
 */
@Group(TributaryCluster.GROUP)
@Version(TributaryCluster.VERSION)
@ShortNames("tc")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready Replicas",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TributaryCluster extends CustomResource<TributaryClusterSpec, TributaryClusterStatus>
    implements Namespaced {
  public static final String GROUP = "tributary.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected TributaryClusterSpec initSpec() {
    return new TributaryClusterSpec();
  }

  // No initial status: a new resource has none (the status subresource ignores it on create), and
  // a status patch is computed against what was read.
}
