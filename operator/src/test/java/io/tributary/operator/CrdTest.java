package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryUser;

/** The CRDs the build generated from the Java types (crd-generator-maven-plugin). */
class CrdTest {
  /** The operator's resources. */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(TributaryCluster.class, TributaryAccount.class, TributaryUser.class);

  static CustomResourceDefinition crd(Class<? extends HasMetadata> kind) throws Exception {
    String resource = "/META-INF/fabric8/" + HasMetadata.getFullResourceName(kind) + "-v1.yml";
    try (InputStream in = CrdTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " (generated at build)").isNotNull();
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  @Test
  void namesTheTypesGroupVersionAndScope() throws Exception {
    for (Class<? extends HasMetadata> kind : KINDS) {
      CustomResourceDefinition crd = crd(kind);
      assertThat(crd.getSpec().getGroup()).isEqualTo(TributaryCluster.GROUP);
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind.getSimpleName());
      CustomResourceDefinitionVersion v = crd.getSpec().getVersions().getFirst();
      assertThat(v.getName()).isEqualTo(TributaryCluster.VERSION);
      assertThat(v.getStorage()).isTrue();
      assertThat(v.getSubresources().getStatus()).isNotNull();
      assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName()).contains("Ready");
    }
    CustomResourceDefinition crd = crd(TributaryCluster.class);
    assertThat(crd.getMetadata().getName()).isEqualTo("tributaryclusters.tributary.io");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("tc");
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().getFirst();
    assertThat(v.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
    assertThat(v.getSubresources().getScale().getStatusReplicasPath())
        .isEqualTo(".status.replicas");
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Replicas", "Ready Replicas");
    assertThat(crd(TributaryAccount.class).getSpec().getNames().getShortNames())
        .containsExactly("ta");
    assertThat(crd(TributaryUser.class).getSpec().getNames().getShortNames()).containsExactly("tu");
  }

  @Test
  void theSchemaCarriesTheDefaultsAndRequiredFields() throws Exception {
    JSONSchemaProps spec = spec(TributaryCluster.class);
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
    assertThat(spec.getProperties().get("controlPlane").getProperties())
        .containsKeys("url", "tokenSecret", "clusterName");
    assertThat(spec.getProperties().get("config").getAdditionalProperties().getSchema().getType())
        .isEqualTo("string");
  }

  @Test
  void accountsAndUsersTakeTheControlPlanesFieldsAndOnlyTheAccountIsRequired() throws Exception {
    JSONSchemaProps account = spec(TributaryAccount.class);
    assertThat(account.getRequired()).containsExactly("controlPlane");
    assertThat(account.getProperties().get("controlPlane").getProperties())
        .containsOnlyKeys("url", "tokenSecret");
    assertThat(account.getProperties().get("driftPolicy").getDefault().asText())
        .isEqualTo("Enforce");
    assertThat(account.getProperties().get("driftPolicy").getEnum())
        .extracting(e -> e.asText())
        .containsExactly("Enforce", "Report");
    assertThat(account.getProperties().get("limits").getProperties())
        .containsKeys("conn", "subs", "payload", "data", "diskStorage", "streams", "jetStreamTiers")
        .allSatisfy(
            (name, field) -> {
              if (field.getType().equals("integer")) {
                assertThat(field.getMinimum()).as(name).isEqualTo(-1.0);
              }
            });
    assertThat(account.getProperties().get("exports").getItems().getSchema().getRequired())
        .containsExactly("name", "subject", "type");

    JSONSchemaProps user = spec(TributaryUser.class);
    assertThat(user.getRequired()).containsExactly("account");
    assertThat(user.getProperties())
        .containsKeys(
            "userName", "permissions", "limits", "bearer", "expiry", "rotation", "secretName");
    assertThat(
            user.getProperties()
                .get("permissions")
                .getProperties()
                .get("resp")
                .getProperties()
                .get("max")
                .getMinimum())
        .isEqualTo(-1.0);
  }

  private static JSONSchemaProps spec(Class<? extends HasMetadata> kind) throws Exception {
    return crd(kind)
        .getSpec()
        .getVersions()
        .getFirst()
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }
}
