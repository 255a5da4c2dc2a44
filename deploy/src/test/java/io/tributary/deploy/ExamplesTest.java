package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tributary.operator.crd.ControlPlaneRef;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryUser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code deploy/examples/}: the cluster, tenant and user of docs/operations.md's Kubernetes
 * section, shown there verbatim. Each is valid against its CRD in the chart (known fields, types,
 * required fields: what the API server would check), reads into the operator's own types, and names
 * the control plane and token Secret the chart installs.
 */
class ExamplesTest {
  static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "cluster.yaml, tributaryclusters",
    "account.yaml, tributaryaccounts",
    "user.yaml, tributaryusers"
  })
  void validAgainstTheChartsCrdAndShownInTheOperationsGuide(String file, String plural)
      throws IOException {
    String yaml = Files.readString(example(file));
    JsonNode resource = Rendered.YAML.readTree(yaml);
    CrdSchema.of(Repo.chart().resolve("crds/" + plural + ".tributary.io-v1.yml"))
        .assertValid(resource);
    assertThat(resource.at("/metadata/namespace").asText()).isEqualTo("messaging");
    assertThat(Files.readString(Repo.path("docs/operations.md")))
        .as("docs/operations.md shows deploy/examples/%s verbatim", file)
        .contains("```yaml\n" + yaml + "```\n");
  }

  @Test
  void readIntoTheOperatorsTypesTheyNameTheChartsControlPlane() throws IOException {
    TributaryCluster cluster = read("cluster.yaml", TributaryCluster.class);
    TributaryAccount account = read("account.yaml", TributaryAccount.class);
    TributaryUser user = read("user.yaml", TributaryUser.class);

    assertThat(cluster.getSpec().replicas).isEqualTo(3);
    assertThat(account.getSpec().clusters).containsExactly(cluster.getMetadata().getName());
    assertThat(account.getSpec().exports).extracting(e -> e.subject).containsExactly("orders.>");
    assertThat(user.getSpec().account).isEqualTo(account.getMetadata().getName());
    assertThat(user.getSpec().controlPlane).as("the account's is used").isNull();
    assertThat(user.getSpec().permissions.pub.allow).contains("orders.>");

    // the control plane's Service in the plain manifests (the chart's defaults), and the token
    // Secret the chart's NOTES tell to make (cluster.controlPlane.tokenSecret)
    JsonNode token =
        Rendered.YAML
            .readTree(Files.readString(Repo.chart().resolve("values.yaml")))
            .at("/cluster/controlPlane/tokenSecret");
    List<JsonNode> objects = Rendered.parse(ManifestsTest.render());
    JsonNode service =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Service"))
            .findFirst()
            .orElseThrow();
    String url =
        "http://%s.%s.svc:%d"
            .formatted(
                HelmChartTest.name(service),
                service.at("/metadata/namespace").asText(),
                service.at("/spec/ports/0/port").asInt());
    for (ControlPlaneRef ref :
        List.of(cluster.getSpec().controlPlane, account.getSpec().controlPlane)) {
      assertThat(ref.url).isEqualTo(url);
      assertThat(ref.tokenSecret.name).isEqualTo(token.path("name").asText());
      assertThat(ref.tokenSecret.key).isEqualTo(token.path("key").asText());
    }
  }

  static <T extends HasMetadata> T read(String file, Class<T> type) throws IOException {
    T resource = FABRIC8.unmarshal(Files.readString(example(file)), type);
    assertThat(resource.getKind()).isEqualTo(type.getSimpleName());
    assertThat(resource.getApiVersion()).isEqualTo("tributary.io/v1alpha1");
    return resource;
  }

  static Path example(String file) {
    return Repo.path("deploy/examples/" + file);
  }
}
