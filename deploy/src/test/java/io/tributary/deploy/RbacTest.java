package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator's RBAC is what its code uses, read from operator/src/main/java: the kinds it builds
 * from its resources ({@code public static Kind name(TributaryX …)}, written with get, create,
 * update by {@code Apply}), the kinds it has informers on (list, watch), the kinds its reconcilers
 * and their shared code only read (get), and its own resources with their status and finalizers.
 * Nothing more, and no wildcard. Leader election (when the code configures it) needs leases in the
 * operator's own namespace, with the verbs {@code TributaryOperator.LeaderElection.LEASE_VERBS}
 * names (the operator's LeaderElectionIT checks those against what java-operator-sdk and fabric8
 * do): a Role of their own there, not part of the rules above.
 */
class RbacTest {
  static final Path OPERATOR_SRC = Repo.path("operator/src/main/java/io/tributary/operator");
  static final Pattern KIND =
      Pattern.compile(
          "io\\.fabric8\\.kubernetes\\.api\\.model((?:\\.[a-z0-9]+)*)\\.([A-Z][A-Za-z0-9]+)");

  /** "group/resource" → verbs, as the operator's code needs them. */
  static Map<String, Set<String>> needed() throws IOException {
    Map<Path, String> sources = sources();
    Set<String> written = new TreeSet<>();
    Set<String> watched = new TreeSet<>();
    StringBuilder readers = new StringBuilder();
    for (Map.Entry<Path, String> f : sources.entrySet()) {
      Matcher m =
          Pattern.compile("public static ([A-Z]\\w+) \\w+\\(\\s*Tributary\\w+ ")
              .matcher(f.getValue());
      while (m.find()) {
        written.add(m.group(1));
      }
      m =
          Pattern.compile("InformerEventSourceConfiguration\\.from\\((\\w+)\\.class")
              .matcher(f.getValue());
      while (m.find()) {
        watched.add(m.group(1));
      }
      if (f.getKey().getFileName().toString().endsWith("Reconciler.java")
          || f.getKey().getParent().endsWith("reconcile")) {
        readers.append(f.getValue());
      }
    }
    assertThat(written)
        .contains("ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget", "Secret");
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
      verbs.addAll(podVerbs(kind, readers.toString()));
      if (verbs.isEmpty() && uses(readers.toString(), kind)) {
        verbs.add("get"); // only read (an API token's Secret)
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
    // its own resources: informer (list, watch), a status read back (get) and replaced
    // (update), the finalizer added and removed by java-operator-sdk (patch, update), and
    // blockOwnerDeletion on the owner references of what it makes (update on finalizers)
    try (Stream<Path> crds = Files.list(Repo.generatedCrds())) {
      for (Path f : crds.filter(p -> p.toString().endsWith(".yml")).toList()) {
        CrdSchema crd = CrdSchema.of(f);
        String own = crd.group() + "/" + crd.plural();
        needed.put(own, new TreeSet<>(List.of("get", "list", "watch", "update", "patch")));
        needed.put(own + "/status", new TreeSet<>(List.of("get", "update", "patch")));
        needed.put(own + "/finalizers", new TreeSet<>(List.of("update")));
      }
    }
    assertThat(needed)
        .containsKeys("tributary.io/tributaryaccounts", "tributary.io/tributaryusers");
    return needed;
  }

  // The roller's pods: listed (client.pods()…list()) and deleted one at a time (…delete()), read
  // from the reconcilers' code; nothing else of pods.
  static Set<String> podVerbs(String kind, String readers) {
    Set<String> verbs = new TreeSet<>();
    if (!kind.equals("Pod")) {
      return verbs;
    }
    Matcher m = Pattern.compile("\\.pods\\(\\)[^;]*?\\.(list|delete)\\(\\)").matcher(readers);
    while (m.find()) {
      verbs.add(m.group(1));
    }
    assertThat(verbs).as("the roller lists and deletes pods").containsExactly("delete", "list");
    return verbs;
  }

  /**
   * "group/resource" → verbs that leader election needs in the Lease's namespace: from the
   * operator's {@code LEASE_VERBS}, if its code turns java-operator-sdk's leader election on.
   */
  static Map<String, Set<String>> leaseNeeded() throws IOException {
    String all = String.join("\n", sources().values());
    assertThat(all)
        .as("the operator configures java-operator-sdk's leader election")
        .contains("withLeaderElectionConfiguration(");
    Matcher m = Pattern.compile("LEASE_VERBS\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(all);
    assertThat(m.find()).as("LEASE_VERBS = List.of(...) in the operator's code").isTrue();
    Set<String> verbs = new TreeSet<>();
    Matcher verb = Pattern.compile("\"(\\w+)\"").matcher(m.group(1));
    while (verb.find()) {
      verbs.add(verb.group(1));
    }
    assertThat(verbs).contains("get", "create").doesNotContain("delete", "list", "watch");
    return Map.of(
        HasMetadata.getGroup(Lease.class) + "/" + HasMetadata.getPlural(Lease.class), verbs);
  }

  @Test
  void theOperatorsCodeUsesTheseKindsAndDeletesOnlyPods() throws IOException {
    assertThat(kinds().keySet())
        .containsExactlyInAnyOrder(
            "ConfigMap",
            "Service",
            "StatefulSet",
            "PodDisruptionBudget",
            "Secret",
            "PersistentVolumeClaim",
            "Pod");
    // what it makes goes with its owner (garbage collection): the one delete is the roller's pod
    for (Map.Entry<Path, String> f : sources().entrySet()) {
      String withoutPodDeletes = f.getValue().replaceAll("\\.pods\\(\\)[^;]*?\\.delete\\(\\)", "");
      assertThat(withoutPodDeletes)
          .as(f.getKey().toString())
          .doesNotContain(".delete()")
          .doesNotContain(".serverSideApply()");
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
    assertLeaderElectionRole(r);
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
    // the Lease stays in the operator's namespace, not in those it watches
    assertLeaderElectionRole(r);
  }

  @Test
  void leaderElectionRunsOnALeaseInTheOperatorsNamespace() throws IOException {
    Rendered r = Rendered.with(Map.of("operator.replicas", "2"));
    JsonNode deployment = r.get("Deployment", "tributary-operator");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(Rendered.stream(container.path("args")).map(JsonNode::asText))
        .containsSequence("--leader-election", "--lease-name", "tributary-operator");
    assertThat(
            Rendered.stream(container.path("env"))
                .filter(e -> e.path("name").asText().equals("LEADER_ELECTION_NAMESPACE")))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.at("/valueFrom/fieldRef/fieldPath").asText())
                    .isEqualTo("metadata.namespace"));
    assertLeaderElectionRole(r);
  }

  @Test
  void withoutLeaderElectionOneReplicaAndNoLeaseRole() {
    Rendered r = Rendered.with(Map.of("operator.leaderElection", "false"));
    assertThat(r.kind("Role")).isEmpty();
    assertThat(r.kind("RoleBinding")).isEmpty();
    JsonNode deployment = r.get("Deployment", "tributary-operator");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    assertThat(
            Rendered.stream(deployment.at("/spec/template/spec/containers/0/args"))
                .map(JsonNode::asText))
        .doesNotContain("--leader-election");
    assertThatThrownBy(
            () ->
                Rendered.with(Map.of("operator.leaderElection", "false", "operator.replicas", "2")))
        .hasMessageContaining("operator.leaderElection");
  }

  /** The Role for the Lease in the release's namespace, exactly what leader election needs. */
  static void assertLeaderElectionRole(Rendered r) throws IOException {
    String name = "tributary-operator-leader-election";
    JsonNode role =
        r.kind("Role")
            .filter(o -> name.equals(o.at("/metadata/name").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(role.at("/metadata/namespace").asText()).isEqualTo(Rendered.NAMESPACE);
    assertThat(grants(role)).isEqualTo(leaseNeeded());
    assertNoWildcards(role);
    JsonNode binding =
        r.kind("RoleBinding")
            .filter(o -> name.equals(o.at("/metadata/name").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(binding.at("/metadata/namespace").asText()).isEqualTo(Rendered.NAMESPACE);
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(name);
    assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("tributary-operator");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Rendered.NAMESPACE);
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

  /** The operator's source files and their text. */
  static Map<Path, String> sources() throws IOException {
    Map<Path, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(OPERATOR_SRC)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.put(f, Files.readString(f));
      }
    }
    return sources;
  }

  /** The Kubernetes API kinds (objects with metadata) named anywhere in the operator's code. */
  static Map<String, Class<?>> kinds() throws IOException {
    Map<String, Class<?>> kinds = new TreeMap<>();
    for (String source : sources().values()) {
      Matcher m = KIND.matcher(source);
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
    return kinds;
  }

  private static boolean uses(String source, String kind) {
    return Pattern.compile("\\b" + kind + "\\b").matcher(source).find();
  }
}
