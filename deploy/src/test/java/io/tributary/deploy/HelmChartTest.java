package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/**
 * The chart linted and rendered by the embedded Helm (helm-java) with the default values, the
 * documented scenarios (deploy/helm/examples) and a few combinations; every rendered object parsed
 * as YAML and with fabric8's models.
 */
class HelmChartTest {
  static final String CONTROL = "tributary-control";
  static final String OPERATOR = "tributary-operator";
  static final List<String> LABELS =
      List.of(
          "app.kubernetes.io/name",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/version",
          "app.kubernetes.io/managed-by",
          "app.kubernetes.io/component",
          "app.kubernetes.io/part-of",
          "helm.sh/chart");

  @Test
  void lintsCleanlyInStrictMode() {
    LintResult lint = new Helm(Repo.chart()).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultsInstallTheControlPlaneOnItsVolumeAndTheOperatorClusterWide() {
    Rendered r = Rendered.defaults();
    assertThat(r.objects.stream().map(o -> o.path("kind").asText() + "/" + name(o)))
        .containsExactlyInAnyOrder(
            "Secret/tributary-master-key",
            "Secret/tributary-admin-password",
            "PersistentVolumeClaim/tributary-control-data",
            "Service/tributary-control",
            "Deployment/tributary-control",
            "ServiceAccount/tributary-operator",
            "ClusterRole/tributary-operator",
            "ClusterRoleBinding/tributary-operator",
            "Role/tributary-operator-leader-election",
            "RoleBinding/tributary-operator-leader-election",
            "Deployment/tributary-operator");
    JsonNode pod = podSpec(r.get("Deployment", CONTROL));
    assertThat(pod.at("/volumes/0/persistentVolumeClaim/claimName").asText())
        .isEqualTo("tributary-control-data");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.path("image").asText()).isEqualTo("tributary/control-plane:0.1.0");
    assertThat(strings(container.path("args")))
        .containsExactly("--data-dir", "/var/lib/tributary", "--port", "8080");
    assertThat(env(container)).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
    assertThat(env(container).get("QUARKUS_HTTP_HOST").path("value").asText()).isEqualTo("0.0.0.0");
    // the generated Secrets are made once (a pre-install hook: an upgrade renders no new key) and
    // survive an uninstall: losing the master key loses every seed
    for (String secret : List.of("tributary-master-key", "tributary-admin-password")) {
      JsonNode annotations = r.get("Secret", secret).at("/metadata/annotations");
      assertThat(annotations.path(Rendered.HOOK).asText()).isEqualTo("pre-install");
      assertThat(annotations.path(Rendered.HOOK + "-delete-policy").asText())
          .isEqualTo("hook-failed");
      assertThat(annotations.path("helm.sh/resource-policy").asText()).isEqualTo("keep");
    }
    String masterKey =
        new String(
            java.util.Base64.getDecoder()
                .decode(r.get("Secret", "tributary-master-key").at("/data/master-key").asText()));
    assertThat(masterKey).startsWith("1:");
    assertThat(java.util.Base64.getDecoder().decode(masterKey.substring(2))).hasSize(32);
    assertThat(r.get("Deployment", OPERATOR).at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyObjectHasTheLabelsAndParsesWithTheKubernetesModels(String scenario, Rendered r) {
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    for (JsonNode o : r.objects) {
      String what = o.path("kind").asText() + "/" + name(o) + " (" + scenario + ")";
      JsonNode labels = o.at("/metadata/labels");
      for (String label : LABELS) {
        assertThat(labels.path(label).asText()).as("%s label %s", what, label).isNotBlank();
      }
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(Rendered.RELEASE);
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      Object typed = fabric8.unmarshal(Rendered.YAML.valueToTree(o).toString());
      assertThat(typed).as(what).isInstanceOf(HasMetadata.class);
      boolean namespaced =
          !List.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition")
              .contains(o.path("kind").asText());
      if (namespaced) {
        assertThat(o.at("/metadata/namespace").asText()).as(what).isNotBlank();
      }
    }
    // workloads select their own pods; Services select the control plane's
    for (JsonNode d : r.kind("Deployment").toList()) {
      Deployment typed = fabric8.unmarshal(d.toString(), Deployment.class);
      assertThat(typed.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(typed.getSpec().getSelector().getMatchLabels());
    }
    JsonNode selector = r.get("Service", CONTROL).at("/spec/selector");
    JsonNode podLabels = r.get("Deployment", CONTROL).at("/spec/template/metadata/labels");
    selector
        .fields()
        .forEachRemaining(e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void podsRunAsNonRootWithoutPrivilegesOrWritableRoot(String scenario, Rendered r) {
    assertThat(r.podSpecs()).isNotEmpty();
    r.podSpecs()
        .forEach(
            pod -> {
              assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
              assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
              assertThat(pod.at("/securityContext/seccompProfile/type").asText())
                  .isEqualTo("RuntimeDefault");
              assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
              assertThat(pod.path("hostPID").asBoolean(false)).isFalse();
              Rendered.stream(pod.path("volumes"))
                  .forEach(v -> assertThat(v.has("hostPath")).as(v.toString()).isFalse());
            });
    r.containers()
        .forEach(
            c -> {
              JsonNode sc = c.path("securityContext");
              String what = c.path("name").asText() + " (" + scenario + ")";
              assertThat(sc.path("runAsNonRoot").asBoolean()).as(what).isTrue();
              assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
              assertThat(sc.path("privileged").asBoolean(false)).as(what).isFalse();
              assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(what).isTrue();
              assertThat(strings(sc.at("/capabilities/drop"))).as(what).containsExactly("ALL");
              assertThat(sc.at("/capabilities/add").isMissingNode()).as(what).isTrue();
              // a read-only root needs a writable /tmp (the JVM, the embedded PostgreSQL)
              assertThat(
                      Rendered.stream(c.path("volumeMounts"))
                          .map(m -> m.path("mountPath").asText()))
                  .as(what)
                  .contains("/tmp");
              assertThat(c.at("/resources/requests/cpu").asText()).as(what).isNotBlank();
              assertThat(c.at("/resources/requests/memory").asText()).as(what).isNotBlank();
              assertThat(c.at("/resources/limits/memory").asText()).as(what).isNotBlank();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void secretsAreReferencedNeverInlined(String scenario, Rendered r) {
    Set<String> renderedSecrets =
        r.kind("Secret").map(HelmChartTest::name).collect(Collectors.toSet());
    r.containers()
        .forEach(
            c ->
                env(c)
                    .forEach(
                        (name, e) -> {
                          if (name.matches(".*(KEY|PASSWORD|TOKEN|SECRET|USERNAME).*")) {
                            assertThat(e.has("value"))
                                .as("%s in %s (%s) is inline", name, c.path("name"), scenario)
                                .isFalse();
                            assertThat(e.at("/valueFrom/secretKeyRef/name").asText())
                                .as("%s (%s)", name, scenario)
                                .isNotBlank();
                          }
                        }));
    // nothing but a Secret holds the keys: no ConfigMap at all, no key material elsewhere
    assertThat(r.kind("ConfigMap")).isEmpty();
    r.objects.stream()
        .filter(o -> !"Secret".equals(o.path("kind").asText()))
        .forEach(
            o ->
                assertThat(o.toString())
                    .as("%s/%s", o.path("kind").asText(), name(o))
                    .doesNotContain("\"data\":{\"master-key\"")
                    .doesNotContain("stringData"));
    // every secretKeyRef names a Secret the chart renders or one the values name (existingSecret)
    r.containers()
        .flatMap(c -> env(c).values().stream())
        .map(e -> e.at("/valueFrom/secretKeyRef/name").asText())
        .filter(n -> !n.isEmpty())
        .forEach(
            n ->
                assertThat(renderedSecrets.contains(n) || scenarioSecrets(scenario).contains(n))
                    .as("Secret %s (%s)", n, scenario)
                    .isTrue());
  }

  @Test
  void controlPlaneProbesItsQuarkusHealthEndpoints() {
    JsonNode c = podSpec(Rendered.defaults().get("Deployment", CONTROL)).at("/containers/0");
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(Rendered.defaults().get("Service", CONTROL).at("/spec/ports/0/targetPort").asText())
        .isEqualTo("http");
  }

  @Test
  void externalPostgresqlTakesItsCredentialsFromASecret() throws IOException {
    Rendered r = Rendered.of(List.of(example("external-postgresql.yaml")), Map.of());
    JsonNode c = podSpec(r.get("Deployment", CONTROL)).at("/containers/0");
    Map<String, JsonNode> env = env(c);
    assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://postgres.databases.svc:5432/tributary");
    assertThat(env.get("QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef").toString())
        .isEqualTo("{\"name\":\"tributary-db\",\"key\":\"username\"}");
    assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef").toString())
        .isEqualTo("{\"name\":\"tributary-db\",\"key\":\"password\"}");
    assertThat(env.get("TRIBUTARY_MASTER_KEY").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("tributary-master-key");
    assertThat(env.get("TRIBUTARY_ADMIN_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("tributary-admin");
    // the Secrets are the user's: the chart makes none
    assertThat(r.kind("Secret")).isEmpty();
    assertThat(
            r.get("PersistentVolumeClaim", "tributary-control-data")
                .at("/spec/resources/requests/storage")
                .asText())
        .isEqualTo("1Gi");

    assertThatThrownBy(() -> Rendered.with(Map.of("postgresql.url", "jdbc:postgresql://db:5432/t")))
        .hasMessageContaining("postgresql.url needs postgresql.existingSecret");
    assertThatThrownBy(
            () ->
                Rendered.with(
                    Map.of("postgresql.url", "postgres://db/t", "postgresql.existingSecret", "db")))
        .hasMessageContaining("postgresql/url");
  }

  @Test
  void aClusterOfFiveNodesRegisteredWithThisControlPlane() throws IOException {
    Rendered r = Rendered.with(Map.of("cluster.enabled", "true", "cluster.replicas", "5"));
    JsonNode cluster = r.get("TributaryCluster", "tributary-nodes");
    assertThat(cluster.path("apiVersion").asText()).isEqualTo("tributary.io/v1alpha1");
    assertThat(cluster.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(cluster.at("/spec/image").asText()).isEqualTo("tributary/node:0.1.0");
    assertThat(cluster.at("/spec/controlPlane/url").asText())
        .isEqualTo("http://tributary-control.tributary.svc:8080");
    assertThat(cluster.at("/spec/controlPlane/tokenSecret/name").asText())
        .isEqualTo("tributary-operator-token");
    CrdSchema.of(Repo.generatedCrd("tributaryclusters")).assertValid(cluster);

    Rendered example = Rendered.of(List.of(example("cluster.yaml")), Map.of());
    JsonNode eu1 = example.get("TributaryCluster", "eu-1");
    assertThat(eu1.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(eu1.at("/spec/config/max-payload").asText()).isEqualTo("4MB");
    assertThat(eu1.at("/spec/jetstream/maxFile").asText()).isEqualTo("16Gi");
    CrdSchema.of(Repo.generatedCrd("tributaryclusters")).assertValid(eu1);

    assertThat(Rendered.defaults().kind("TributaryCluster")).isEmpty();
  }

  @Test
  void theSchemaRefusesValuesThatCannotWork() {
    assertThatThrownBy(() -> Rendered.with(Map.of("cluster.replicas", "0")))
        .hasMessageContaining("replicas");
    assertThatThrownBy(() -> Rendered.with(Map.of("controlPlane.service.type", "Ingress")))
        .hasMessageContaining("type");
    assertThatThrownBy(() -> Rendered.with(Map.of("controlPlan.port", "8080")))
        .hasMessageContaining("controlPlan");
    assertThatThrownBy(() -> Rendered.with(Map.of("cluster.controlPlane.url", "tcp://x")))
        .hasMessageContaining("url");
  }

  @Test
  void withoutTheOperatorOnlyTheControlPlane() {
    Rendered r = Rendered.with(Map.of("operator.enabled", "false"));
    assertThat(r.objects)
        .noneMatch(o -> name(o).contains("operator"))
        .noneMatch(o -> o.path("kind").asText().contains("Role"));
  }

  @Test
  void persistenceOffUsesAnEmptyDirAndAnExistingClaimIsUsedAsIs() {
    Rendered off = Rendered.with(Map.of("controlPlane.persistence.enabled", "false"));
    assertThat(off.kind("PersistentVolumeClaim")).isEmpty();
    assertThat(podSpec(off.get("Deployment", CONTROL)).at("/volumes/0/emptyDir").isObject())
        .isTrue();
    Rendered existing = Rendered.with(Map.of("controlPlane.persistence.existingClaim", "my-claim"));
    assertThat(existing.kind("PersistentVolumeClaim")).isEmpty();
    assertThat(
            podSpec(existing.get("Deployment", CONTROL))
                .at("/volumes/0/persistentVolumeClaim/claimName")
                .asText())
        .isEqualTo("my-claim");
  }

  @Test
  void aReleaseNotNamedTributaryPrefixesItsObjects() {
    String out =
        new Helm(Rendered.chart())
            .template()
            .withName("prod")
            .withNamespace("msg")
            .withKubeVersion(Rendered.KUBE_VERSION)
            .call();
    List<JsonNode> objects = Rendered.parse(out);
    assertThat(objects.stream().map(HelmChartTest::name))
        .contains("prod-tributary-control", "prod-tributary-operator");
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> scenarios() throws IOException {
    List<org.junit.jupiter.params.provider.Arguments> l = new ArrayList<>();
    l.add(org.junit.jupiter.params.provider.Arguments.of("defaults", Rendered.defaults()));
    try (Stream<Path> files = Files.list(Repo.path("deploy/helm/examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        l.add(
            org.junit.jupiter.params.provider.Arguments.of(
                "examples/" + f.getFileName(), Rendered.of(List.of(f), Map.of())));
      }
    }
    l.add(
        org.junit.jupiter.params.provider.Arguments.of(
            "cluster 5, no persistence",
            Rendered.with(
                Map.of(
                    "cluster.enabled", "true",
                    "cluster.replicas", "5",
                    "controlPlane.persistence.enabled", "false"))));
    return l.stream();
  }

  /** The Secrets a scenario's values name (existingSecret, the cluster's token). */
  static Set<String> scenarioSecrets(String scenario) {
    return new TreeSet<>(List.of("tributary-db", "tributary-master-key", "tributary-admin"));
  }

  static Path example(String name) {
    return Repo.path("deploy/helm/examples/" + name);
  }

  static String name(JsonNode o) {
    return o.at("/metadata/name").asText();
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.at("/spec/template/spec");
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    container.path("env").forEach(e -> m.put(e.path("name").asText(), e));
    return m;
  }

  static List<String> strings(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }
}
