package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.operator.crd.TributaryCluster;

/** The CRD the build generated from the Java types (crd-generator-maven-plugin). */
class CrdTest {
  static final String RESOURCE = "/META-INF/fabric8/tributaryclusters.tributary.io-v1.yml";

  static CustomResourceDefinition crd() throws Exception {
    try (InputStream in = CrdTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " (generated at build)").isNotNull();
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  @Test
  void namesTheTypesGroupVersionAndScope() throws Exception {
    CustomResourceDefinition crd = crd();
    assertThat(crd.getMetadata().getName()).isEqualTo("tributaryclusters.tributary.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo(TributaryCluster.GROUP);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("TributaryCluster");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("tc");
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().getFirst();
    assertThat(v.getName()).isEqualTo(TributaryCluster.VERSION);
    assertThat(v.getStorage()).isTrue();
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
    assertThat(v.getSubresources().getScale().getStatusReplicasPath())
        .isEqualTo(".status.replicas");
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Ready", "Replicas", "Ready Replicas");
  }

  @Test
  void theSchemaCarriesTheDefaultsAndRequiredFields() throws Exception {
    JSONSchemaProps spec =
        crd()
            .getSpec()
            .getVersions()
            .getFirst()
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    assertThat(spec.getRequired()).containsExactly("controlPlane");
    assertThat(spec.getProperties().get("replicas").getDefault().asInt()).isEqualTo(3);
    assertThat(spec.getProperties().get("image").getDefault().asText())
        .isEqualTo("tributary/node:0.1.0");
    assertThat(spec.getProperties().get("clientPort").getDefault().asInt()).isEqualTo(4222);
    assertThat(spec.getProperties().get("routePort").getDefault().asInt()).isEqualTo(6222);
    assertThat(spec.getProperties().get("monitoringPort").getDefault().asInt()).isEqualTo(8222);
    assertThat(
            spec.getProperties().get("storage").getProperties().get("size").getDefault().asText())
        .isEqualTo("10Gi");
    assertThat(spec.getProperties().get("controlPlane").getRequired())
        .containsExactly("tokenSecret", "url");
    assertThat(spec.getProperties().get("config").getAdditionalProperties().getSchema().getType())
        .isEqualTo("string");
  }
}
