package io.tributary.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant: {@code tributary.io/v1alpha1 TributaryAccount}, namespaced. The operator makes and
 * keeps the account, its exports and imports in the control plane through its REST API (the control
 * plane stays the database of record) and deletes it with the resource.
 */
@Group(TributaryCluster.GROUP)
@Version(TributaryCluster.VERSION)
@ShortNames("ta")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Account",
    jsonPath = ".status.accountName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Public Key",
    jsonPath = ".status.publicKey",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TributaryAccount extends CustomResource<TributaryAccountSpec, TributaryAccountStatus>
    implements Namespaced {
  @Override
  protected TributaryAccountSpec initSpec() {
    return new TributaryAccountSpec();
  }
}
