package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

class DesiredResourcesTest {
  private static final List<String> ARGS = List.of("--config", "/etc/tributary/node.conf");

  private final TributaryCluster cluster = Fixtures.cluster("eu-1", "messaging");

  @Test
  void everyObjectIsLabelledAndOwnedByTheCluster() throws Exception {
    List<HasMetadata> all =
        List.of(
            DesiredResources.configMap(cluster, "port: 4222\n"),
            DesiredResources.headlessService(cluster),
            DesiredResources.clientService(cluster),
            DesiredResources.statefulSet(cluster, "abc", NodeFlags.args(Map.of())),
            DesiredResources.podDisruptionBudget(cluster));
    for (HasMetadata o : all) {
      assertThat(o.getMetadata().getNamespace()).isEqualTo("messaging");
      assertThat(o.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "tributary")
          .containsEntry("app.kubernetes.io/instance", "eu-1")
          .containsEntry("app.kubernetes.io/managed-by", "tributary-operator");
      assertThat(o.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getApiVersion()).isEqualTo("tributary.io/v1alpha1");
                assertThat(r.getKind()).isEqualTo("TributaryCluster");
                assertThat(r.getName()).isEqualTo("eu-1");
                assertThat(r.getUid()).isEqualTo(cluster.getMetadata().getUid());
                assertThat(r.getController()).isTrue();
                assertThat(r.getBlockOwnerDeletion()).isTrue();
              });
    }
    assertThat(all.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .containsExactly(
            "ConfigMap/eu-1-config",
            "Service/eu-1-routes",
            "Service/eu-1",
            "StatefulSet/eu-1",
            "PodDisruptionBudget/eu-1");
  }

  @Test
  void configMapHoldsTheFile() {
    ConfigMap cm = DesiredResources.configMap(cluster, "port: 4222\n");
    assertThat(cm.getData()).containsExactly(Map.entry("node.conf", "port: 4222\n"));
  }

  @Test
  void headlessServiceGivesEveryPodItsNameBeforeItIsReady() {
    Service s = DesiredResources.headlessService(cluster);
    assertThat(s.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(s.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(s.getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("app.kubernetes.io/name", "tributary", "app.kubernetes.io/instance", "eu-1"));
    assertThat(s.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("route", 6222),
            org.assertj.core.groups.Tuple.tuple("client", 4222),
            org.assertj.core.groups.Tuple.tuple("monitor", 8222));
  }

  @Test
  void clientServiceReachesReadyNodes() {
    Service s = DesiredResources.clientService(cluster);
    assertThat(s.getSpec().getClusterIP()).isNull();
    assertThat(s.getSpec().getPublishNotReadyAddresses()).isNull();
    assertThat(s.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getStrVal())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("client", 4222, "client"),
            org.assertj.core.groups.Tuple.tuple("monitor", 8222, "monitor"));
  }

  @Test
  void podDisruptionBudgetLetsOneNodeGo() {
    PodDisruptionBudget pdb = DesiredResources.podDisruptionBudget(cluster);
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(new ClusterNames(cluster).selector());
  }

  @Test
  void statefulSetRunsTheNodesWithStableNamesAndVolumes() throws Exception {
    cluster.getSpec().storage.className = "fast";
    cluster.getSpec().storage.size = new Quantity("20Gi");
    StatefulSet sts =
        DesiredResources.statefulSet(
            cluster, "c0ffee", NodeFlags.args(Map.of("max-payload", "4MB")));
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("eu-1-routes");
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .isEqualTo(new ClusterNames(cluster).selector());
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
    assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("tributary.io/config-checksum", "c0ffee");

    var claim = sts.getSpec().getVolumeClaimTemplates().getFirst();
    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));

    Container node = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(node.getImage()).isEqualTo(TributaryClusterSpec.DEFAULT_IMAGE);
    assertThat(node.getCommand()).containsExactly("tributary", "node");
    assertThat(node.getArgs())
        .containsExactly("--config", "/etc/tributary/node.conf", "--max-payload=4MB");
    assertThat(node.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_NAME");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
    assertThat(node.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("client=4222", "route=6222", "monitor=8222");
    assertThat(node.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("config:/etc/tributary", "data:/data", "run:/var/run/tributary");
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("config", "run");
    assertThat(
            sts.getSpec().getTemplate().getSpec().getVolumes().getFirst().getConfigMap().getName())
        .isEqualTo("eu-1-config");
  }

  @Test
  void probesAskTheNodesHealthz() {
    Container node = node(cluster);
    for (Probe p :
        List.of(node.getStartupProbe(), node.getReadinessProbe(), node.getLivenessProbe())) {
      assertThat(p.getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(p.getHttpGet().getPort()).isEqualTo(new IntOrString("monitor"));
    }
    // A slow start (a large stream store to recover) is the startup probe's, not liveness'.
    assertThat(
            node.getStartupProbe().getPeriodSeconds()
                * node.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(120);
  }

  @Test
  void preStopPutsTheNodeInLameDuckModeAndWaitsForItToLeave() {
    Container node = node(cluster);
    List<String> hook = node.getLifecycle().getPreStop().getExec().getCommand();
    assertThat(hook.subList(0, 2)).containsExactly("/bin/sh", "-c");
    assertThat(hook.get(2))
        .startsWith("tributary node --signal ldm --pid-file /var/run/tributary/node.pid;")
        .contains("while [ -e /var/run/tributary/node.pid ]");
    long grace =
        DesiredResources.statefulSet(cluster, "x", List.of())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getTerminationGracePeriodSeconds();
    assertThat(grace).isGreaterThan(cluster.getSpec().lameDuck.durationSeconds).isEqualTo(60);
    cluster.getSpec().lameDuck.durationSeconds = 120;
    assertThat(DesiredResources.terminationGracePeriodSeconds(cluster.getSpec())).isEqualTo(150);
  }

  @Test
  void tlsMountsTheSecret() {
    cluster.getSpec().tls = new TributaryClusterSpec.Tls();
    cluster.getSpec().tls.secretName = "eu-1-tls";
    StatefulSet sts = DesiredResources.statefulSet(cluster, "x", List.of());
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tls");
              assertThat(v.getSecret().getSecretName()).isEqualTo("eu-1-tls");
            });
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/tributary/tls"));
    assertThat(new ClusterNames(cluster).clientUrls())
        .allSatisfy(u -> assertThat(u).startsWith("tls://"));
  }

  @Test
  void resourcesAndPortsFollowTheSpec() {
    cluster.getSpec().clientPort = 14222;
    cluster.getSpec().resources =
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToRequests("memory", new Quantity("1Gi"))
            .build();
    Container node = node(cluster);
    assertThat(node.getResources().getRequests()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(node.getPorts().getFirst().getContainerPort()).isEqualTo(14222);
    assertThat(DesiredResources.clientService(cluster).getSpec().getPorts().getFirst().getPort())
        .isEqualTo(14222);
  }

  private static Container node(TributaryCluster cluster) {
    return DesiredResources.statefulSet(cluster, "x", List.of())
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst();
  }
}
