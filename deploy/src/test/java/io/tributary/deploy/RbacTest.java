package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator's RBAC is what its code uses, read from operator/src/main/java: the kinds {@code
 * DesiredResources} builds (written with get, create, update by {@code Apply}), the kinds it has
 * informers on (list, watch), the kinds the reconciler only reads (get), and its own resource with
 * its status and finalizers. Nothing more, and no wildcard.
 */
class RbacTest {
  static final Path OPERATOR_SRC = Repo.path("operator/src/main/java/io/tributary/operator");
  static final Pattern KIND =
      Pattern.compile(
          "io\\.fabric8\\.kubernetes\\.api\\.model((?:\\.[a-z0-9]+)*)\\.([A-Z][A-Za-z0-9]+)");

  /** "group/resource" → verbs, as the operator's code needs them. */
  static Map<String, Set<String>> needed() throws IOException {
    String desired = read("cluster/DesiredResources.java");
    String reconciler = read("cluster/TributaryClusterReconciler.java");
    Set<String> written = new TreeSet<>();
    Matcher m =
        Pattern.compile("public static ([A-Z]\\w+) \\w+\\(\\s*TributaryCluster").matcher(desired);
    while (m.find()) {
      written.add(m.group(1));
    }
    Set<String> watched = new TreeSet<>();
    m =
        Pattern.compile("InformerEventSourceConfiguration\\.from\\((\\w+)\\.class")
            .matcher(reconciler);
    while (m.find()) {
      watched.add(m.group(1));
    }
    assertThat(written).contains("ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget");
    assertThat(watched).contains("StatefulSet");

    Map<String, Set<String>> needed = new TreeMap<>();
    Map<String, Class<?>> kinds = kinds();
    for (Map.Entry<String, Class<?>> e : kinds.entrySet()) {
      String kind = e.getKey();
      Set<String> verbs = new TreeSet<>();
      if (written.contains(kind)) {
        verbs.addAll(List.of("get", "create", "update")); // Apply: get, then create or update
      }
      if (watched.contains(kind)) {
        verbs.addAll(List.of("list", "watch"));
      }
      if (verbs.isEmpty() && uses(reconciler, kind)) {
        verbs.add("get"); // read by the reconciler (the API token's Secret)
      }
      if (verbs.isEmpty()) {
        // only part of an object the operator writes (a StatefulSet's claim template): the
        // StatefulSet controller makes it, not the operator
        assertThat(kind)
            .as("a Kubernetes kind the operator uses without an RBAC rule")
            .isEqualTo("PersistentVolumeClaim");
        continue;
      }
      @SuppressWarnings("unchecked")
      Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) e.getValue();
      needed.merge(
          HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type),
          verbs,
          (a, b) -> {
            a.addAll(b);
            return a;
          });
    }
    // its own resource: informer (list, watch), the status read back (get) and replaced (update),
    // the finalizer added and removed by java-operator-sdk (patch, update), and blockOwnerDeletion
    // on the owner references of what it makes (update on finalizers)
    CrdSchema crd = CrdSchema.of(Repo.generatedCrd());
    String own = crd.group() + "/" + crd.plural();
    needed.put(own, new TreeSet<>(List.of("get", "list", "watch", "update", "patch")));
    needed.put(own + "/status", new TreeSet<>(List.of("get", "update", "patch")));
    needed.put(own + "/finalizers", new TreeSet<>(List.of("update")));
    return needed;
  }

  @Test
  void theOperatorsCodeUsesTheseKindsAndDeletesNothing() throws IOException {
    assertThat(kinds().keySet())
        .containsExactlyInAnyOrder(
            "ConfigMap",
            "Service",
            "StatefulSet",
            "PodDisruptionBudget",
            "Secret",
            "PersistentVolumeClaim");
    // what it makes goes with its owner (garbage collection): no delete verb needed
    try (Stream<Path> files = Files.walk(OPERATOR_SRC.resolve("cluster"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(f))
            .as(f.toString())
            .doesNotContain(".delete()")
            .doesNotContain(".serverSideApply()");
      }
    }
  }

  @Test
  void clusterWideByDefaultWithExactlyTheVerbsTheOperatorNeeds() throws IOException {
    Rendered r = Rendered.defaults();
    JsonNode role = r.get("ClusterRole", "tributary-operator");
    assertThat(grants(role)).isEqualTo(needed());
    assertNoWildcards(role);
    JsonNode binding = r.get("ClusterRoleBinding", "tributary-operator");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("tributary-operator");
    assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("tributary-operator");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Rendered.NAMESPACE);
    JsonNode pod = r.get("Deployment", "tributary-operator").at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("tributary-operator");
    assertThat(r.get("ServiceAccount", "tributary-operator")).isNotNull();
    // the control plane needs no Kubernetes API at all
    assertThat(
            r.get("Deployment", "tributary-control")
                .at("/spec/template/spec/automountServiceAccountToken")
                .asBoolean(true))
        .isFalse();
  }

  @Test
  void watchedNamespacesGetARoleEachAndNoClusterRole() throws IOException {
    Rendered r = Rendered.of(List.of(Repo.path("deploy/helm/examples/namespaced.yaml")), Map.of());
    assertThat(r.kind("ClusterRole")).isEmpty();
    assertThat(r.kind("ClusterRoleBinding")).isEmpty();
    for (String ns : List.of("messaging", "messaging-staging")) {
      JsonNode role =
          r.kind("Role")
              .filter(o -> ns.equals(o.at("/metadata/namespace").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(grants(role)).isEqualTo(needed());
      assertNoWildcards(role);
      JsonNode binding =
          r.kind("RoleBinding")
              .filter(o -> ns.equals(o.at("/metadata/namespace").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
      assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Rendered.NAMESPACE);
    }
    JsonNode env =
        r.get("Deployment", "tributary-operator").at("/spec/template/spec/containers/0/env");
    assertThat(Rendered.stream(env).filter(e -> e.path("name").asText().equals("WATCH_NAMESPACES")))
        .singleElement()
        .satisfies(
            e -> assertThat(e.path("value").asText()).isEqualTo("messaging,messaging-staging"));
  }

  static Map<String, Set<String>> grants(JsonNode role) {
    Map<String, Set<String>> g = new TreeMap<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          Set<String> verbs =
              g.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
          rule.path("verbs").forEach(v -> verbs.add(v.asText()));
        }
      }
    }
    return g;
  }

  static void assertNoWildcards(JsonNode role) {
    for (JsonNode rule : role.path("rules")) {
      for (String field : List.of("apiGroups", "resources", "verbs")) {
        rule.path(field).forEach(v -> assertThat(v.asText()).as(field).doesNotContain("*"));
      }
      assertThat(rule.has("nonResourceURLs")).isFalse();
      assertThat(rule.has("resourceNames")).isFalse();
    }
  }

  /** The Kubernetes API kinds (objects with metadata) named anywhere in the operator's code. */
  static Map<String, Class<?>> kinds() throws IOException {
    Map<String, Class<?>> kinds = new TreeMap<>();
    try (Stream<Path> files = Files.walk(OPERATOR_SRC)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = KIND.matcher(Files.readString(f));
        while (m.find()) {
          String fqcn = "io.fabric8.kubernetes.api.model" + m.group(1) + "." + m.group(2);
          Class<?> c;
          try {
            c = Class.forName(fqcn);
          } catch (ClassNotFoundException e) {
            throw new AssertionError("the operator uses " + fqcn + ", not in fabric8's models", e);
          }
          if (HasMetadata.class.isAssignableFrom(c)
              && !c.isInterface()
              && !c.getSimpleName().endsWith("Builder")) {
            kinds.put(c.getSimpleName(), c);
          }
        }
      }
    }
    return kinds;
  }

  private static boolean uses(String source, String kind) {
    return Pattern.compile("\\b" + kind + "\\b").matcher(source).find();
  }

  private static String read(String relative) throws IOException {
    return Files.readString(OPERATOR_SRC.resolve(relative));
  }
}
