package io.tributary.operator.cluster;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.operator.controlplane.ControlPlaneClient.OperatorIdentity;
import io.tributary.operator.crd.SecretKey;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

/** Resources for the unit tests. */
final class Fixtures {
  static final OperatorIdentity OPERATOR =
      new OperatorIdentity(
          "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.b3BlcmF0b3I.c2ln",
          "ADCMSDAFTO6Q3ZXDB3C7YG7ZEWJW6HRIIEODPGDN5PNVKPOMDQDQGWMF",
          "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.c3lzdGVt.c2ln");

  private Fixtures() {}

  static TributaryCluster cluster(String name, String namespace) {
    TributaryCluster c = new TributaryCluster();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("0b7c3f1e-1111-2222-3333-444455556666")
            .withGeneration(1L)
            .build());
    TributaryClusterSpec spec = new TributaryClusterSpec();
    spec.controlPlane = new TributaryClusterSpec.ControlPlane();
    spec.controlPlane.url = "http://tributary-control:8080";
    spec.controlPlane.tokenSecret = new SecretKey();
    spec.controlPlane.tokenSecret.name = "tributary-token";
    c.setSpec(spec);
    return c;
  }
}
