package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;
import io.tributary.operator.reconcile.InvalidSpecException;

/** What the reconciler refuses as InvalidSpec (not retried) before it makes anything. */
class SpecValidationTest {
  private final TributaryCluster cluster = Fixtures.cluster("eu-1", "messaging");

  @Test
  void aCompleteSpecPasses() {
    assertThatCode(() -> TributaryClusterReconciler.validate(cluster)).doesNotThrowAnyException();
  }

  @Test
  void theControlPlaneUrlIsAnHttpUrl() {
    cluster.getSpec().controlPlane.url = "tributary-control:8080";
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(cluster))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.controlPlane.url: an http(s) URL");
    cluster.getSpec().controlPlane.url = "http://bad host/";
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(cluster))
        .hasMessageStartingWith("spec.controlPlane.url");
  }

  @Test
  void theClusterNameIsOneTheControlPlaneTakes() {
    TributaryCluster dotted = Fixtures.cluster("eu.west", "messaging");
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(dotted))
        .hasMessageContaining("'eu.west'")
        .hasMessageContaining("spec.controlPlane.clusterName");
    dotted.getSpec().controlPlane.clusterName = "eu-west";
    assertThatCode(() -> TributaryClusterReconciler.validate(dotted)).doesNotThrowAnyException();
  }

  @Test
  void tlsNeedsItsSecretAndClientVerificationItsCa() {
    cluster.getSpec().tls = new TributaryClusterSpec.Tls();
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(cluster))
        .hasMessageStartingWith("spec.tls.secretName");
    cluster.getSpec().tls.secretName = "eu-1-tls";
    cluster.getSpec().tls.verifyClients = true;
    cluster.getSpec().tls.ca = false;
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(cluster))
        .hasMessage("spec.tls.verifyClients needs spec.tls.ca (ca.crt)");
  }

  @Test
  void theControlPlaneAndItsTokenAreRequired() {
    cluster.getSpec().controlPlane.tokenSecret = null;
    assertThatThrownBy(() -> TributaryClusterReconciler.validate(cluster))
        .hasMessageStartingWith("spec.controlPlane needs url and tokenSecret.name");
  }
}
