package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * {@code deploy/manifests/}: the chart rendered for {@code kubectl apply}, for users without Helm.
 * The committed files must be what the chart renders now; the fresh rendering is written to {@code
 * deploy/target/manifests/} and the failure names the {@code cp} that updates them.
 *
 * <p>The chart generates the master key and the admin password with {@code randBytes} and {@code
 * randAlphaNum} (as pre-install hooks), which would make every rendering differ and put a key in a
 * committed file: the manifests are rendered with {@code existingSecret} naming the Secrets the
 * chart would have made, and the user makes them first.
 */
class ManifestsTest {
  static final Path COMMITTED = Repo.path("deploy/manifests");
  static final Path FRESH = Repo.path("deploy/target/manifests");
  static final String FILE = "tributary.yaml";

  static final String MASTER_KEY_SECRET = "tributary-master-key";
  static final String ADMIN_PASSWORD_SECRET = "tributary-admin-password";

  /** Everything else is the chart's defaults. */
  static final Map<String, Object> VALUES =
      new TreeMap<>(
          Map.of(
              "masterKey.existingSecret", MASTER_KEY_SECRET,
              "adminPassword.existingSecret", ADMIN_PASSWORD_SECRET));

  @Test
  void theCommittedManifestsAreTheChartsRendering() throws IOException {
    String fresh = render();
    Files.createDirectories(FRESH);
    Files.writeString(FRESH.resolve(FILE), fresh);
    String regenerate =
        "deploy/manifests/%s is not what the chart renders now; the fresh rendering is in"
            + " deploy/target/manifests/. If the chart's change is meant, update them with:"
            + " cp deploy/target/manifests/*.yaml deploy/manifests/";
    Path committed = COMMITTED.resolve(FILE);
    assertThat(committed).as(regenerate, FILE).exists();
    assertThat(firstDifference(Files.readString(committed), fresh)).as(regenerate, FILE).isNull();
    try (Stream<Path> files = Files.list(COMMITTED)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("deploy/manifests/ holds only generated files")
          .containsExactly(FILE);
    }
  }

  @Test
  void renderingIsDeterministic() {
    assertThat(render()).isEqualTo(render());
  }

  @Test
  void crdsFirstThenTheControlPlaneAndTheOperatorWithoutSecretsOrHooks() {
    List<JsonNode> objects = Rendered.parse(render());
    assertThat(objects.stream().map(o -> o.path("kind").asText() + "/" + HelmChartTest.name(o)))
        .containsExactly(
            "CustomResourceDefinition/tributaryaccounts.tributary.io",
            "CustomResourceDefinition/tributaryclusters.tributary.io",
            "CustomResourceDefinition/tributaryusers.tributary.io",
            "ServiceAccount/tributary-operator",
            "PersistentVolumeClaim/tributary-control-data",
            "ClusterRole/tributary-operator",
            "ClusterRoleBinding/tributary-operator",
            "Role/tributary-operator-leader-election",
            "RoleBinding/tributary-operator-leader-election",
            "Service/tributary-control",
            "Deployment/tributary-control",
            "Deployment/tributary-operator");
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    for (JsonNode o : objects) {
      String what = o.path("kind").asText() + "/" + HelmChartTest.name(o);
      Object typed = fabric8.unmarshal(o.toString());
      assertThat(typed).as(what).isInstanceOf(HasMetadata.class);
      if (o.path("kind").asText().equals("CustomResourceDefinition")) {
        assertThat(typed).as(what).isInstanceOf(CustomResourceDefinition.class);
      } else if (!o.path("kind").asText().startsWith("Cluster")) {
        assertThat(o.at("/metadata/namespace").asText()).as(what).isEqualTo(Rendered.NAMESPACE);
      }
      assertThat(o.at("/metadata/annotations").toString()).as(what).doesNotContain("helm.sh/hook");
    }
    // the keys are only referenced: the two Secrets the user makes first
    List<String> referenced = new ArrayList<>();
    objects.stream()
        .filter(o -> o.path("kind").asText().equals("Deployment"))
        .flatMap(d -> Rendered.stream(d.at("/spec/template/spec/containers")))
        .flatMap(c -> Rendered.stream(c.path("env")))
        .map(e -> e.at("/valueFrom/secretKeyRef/name").asText())
        .filter(n -> !n.isEmpty())
        .forEach(referenced::add);
    assertThat(Set.copyOf(referenced))
        .containsExactlyInAnyOrder(MASTER_KEY_SECRET, ADMIN_PASSWORD_SECRET);
  }

  /** The first line that differs, as "line N: …", or null when the texts are equal. */
  static String firstDifference(String committed, String fresh) {
    List<String> a = committed.lines().toList();
    List<String> b = fresh.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(end of file)";
      String y = i < b.size() ? b.get(i) : "(end of file)";
      if (!x.equals(y)) {
        return "line %d: committed <%s>, rendered <%s>".formatted(i + 1, x, y);
      }
    }
    return committed.equals(fresh) ? null : "the line ends differ";
  }

  /** The CRDs (as {@code helm template --include-crds} puts them first), then the templates. */
  static String render() {
    StringBuilder out = new StringBuilder(header());
    try (Stream<Path> crds = Files.list(Repo.chart().resolve("crds"))) {
      for (Path crd : crds.sorted().toList()) {
        out.append("---\n# Source: tributary/crds/").append(crd.getFileName()).append('\n');
        out.append(Files.readString(crd).stripTrailing()).append('\n');
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    TemplateCommand template =
        new Helm(Repo.chart())
            .template()
            .withName(Rendered.RELEASE)
            .withNamespace(Rendered.NAMESPACE)
            .withKubeVersion(Rendered.KUBE_VERSION);
    for (Map.Entry<String, Object> e : VALUES.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    out.append(template.call().strip()).append('\n');
    return out.toString();
  }

  private static String header() {
    StringBuilder sets = new StringBuilder();
    VALUES.forEach((k, v) -> sets.append(" \\\n#     --set ").append(k).append('=').append(v));
    return """
        # Tributary for kubectl, without Helm: the chart deploy/helm/tributary with its default values, rendered for the
        # release "tributary" in the namespace "tributary", the CRDs first, as
        #   helm template tributary deploy/helm/tributary -n tributary --include-crds --kube-version %s%s
        # The master key and the admin password come from Secrets you make first (the chart would generate them with
        # random values at install): see docs/operations.md#kubernetes.
        #   kubectl create namespace tributary
        #   kubectl -n tributary create secret generic %s \\
        #     --from-literal=master-key="1:$(head -c 32 /dev/urandom | base64)"     # back it up apart from the database
        #   kubectl -n tributary create secret generic %s \\
        #     --from-literal=password="$(head -c 18 /dev/urandom | base64)"    # the console user admin's
        #   kubectl apply -f deploy/manifests/tributary.yaml
        # Generated by deploy's ManifestsTest: do not edit. Change the chart, run ./mvnw -pl deploy verify, then
        #   cp deploy/target/manifests/*.yaml deploy/manifests/
        """
        .formatted(Rendered.KUBE_VERSION, sets, MASTER_KEY_SECRET, ADMIN_PASSWORD_SECRET);
  }
}
