package io.tributary.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A user of an account: {@code tributary.io/v1alpha1 TributaryUser}, namespaced. The operator makes
 * and keeps the user in the control plane, writes its creds file to a Secret of the resource's
 * namespace (new creds when the user changes, is rotated or its creds near their expiry), and
 * deletes the user (which revokes its key) with the resource.
 */
@Group(TributaryCluster.GROUP)
@Version(TributaryCluster.VERSION)
@ShortNames("tu")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Account",
    jsonPath = ".status.account",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Secret",
    jsonPath = ".status.secretName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.credsExpireAt",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TributaryUser extends CustomResource<TributaryUserSpec, TributaryUserStatus>
    implements Namespaced {
  @Override
  protected TributaryUserSpec initSpec() {
    return new TributaryUserSpec();
  }
}
