package io.tributary.operator.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;
import io.tributary.operator.reconcile.Apply;

/**
 * What the cluster should look like in Kubernetes: each object a pure function of the resource (and
 * of the node's config text and arguments), built here and applied by the reconciler.
 */
public final class DesiredResources {
  /** The node image's user and group (deploy/images/node). */
  static final long NODE_UID = 10001;

  /** The pod-template annotation that rolls the pods when what the nodes run changes. */
  public static final String CONFIG_CHECKSUM = "tributary.io/config-checksum";

  public static final String CLIENT_PORT = "client";
  public static final String ROUTE_PORT = "route";
  public static final String MONITOR_PORT = "monitor";
  public static final String CONTAINER = "node";

  /** Seconds Kubernetes waits after the lame-duck period before it kills a node. */
  static final int TERMINATION_MARGIN_SECONDS = 30;

  private DesiredResources() {}

  /** {@code <name>-config}: the node's config file. */
  public static ConfigMap configMap(TributaryCluster cluster, String configText) {
    ClusterNames n = new ClusterNames(cluster);
    return new ConfigMapBuilder()
        .withMetadata(meta(cluster, n.configMap()))
        .withData(Map.of(NodeConfig.FILE_NAME, configText))
        .build();
  }

  /**
   * {@code <name>-routes}: headless, with the pods that are not ready yet, so that every pod has
   * its DNS name from the start (routes form before the nodes are ready).
   */
  public static Service headlessService(TributaryCluster cluster) {
    ClusterNames n = new ClusterNames(cluster);
    TributaryClusterSpec spec = cluster.getSpec();
    return new ServiceBuilder()
        .withMetadata(meta(cluster, n.headlessService()))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(n.selector())
        .withPorts(
            port(ROUTE_PORT, spec.routePort),
            port(CLIENT_PORT, spec.clientPort),
            port(MONITOR_PORT, spec.monitoringPort))
        .endSpec()
        .build();
  }

  /** {@code <name>}: the clients' Service, to the ready nodes only. */
  public static Service clientService(TributaryCluster cluster) {
    ClusterNames n = new ClusterNames(cluster);
    TributaryClusterSpec spec = cluster.getSpec();
    return new ServiceBuilder()
        .withMetadata(meta(cluster, n.clientService()))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(n.selector())
        .withPorts(port(CLIENT_PORT, spec.clientPort), port(MONITOR_PORT, spec.monitoringPort))
        .endSpec()
        .build();
  }

  /** At most one node down by choice (drains, upgrades of the Kubernetes nodes). */
  public static PodDisruptionBudget podDisruptionBudget(TributaryCluster cluster) {
    ClusterNames n = new ClusterNames(cluster);
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(cluster, n.podDisruptionBudget()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(n.selector())
        .endSelector()
        .endSpec()
        .build();
  }

  /**
   * The nodes: stable names, one volume each, all started at once (routes need the others up), the
   * config's checksum on the pod template, probes on {@code /healthz}, lame-duck mode before stop.
   *
   * @param checksum of what the nodes read ({@link #checksum})
   * @param args the node's arguments ({@link NodeFlags#args})
   */
  public static StatefulSet statefulSet(
      TributaryCluster cluster, String checksum, List<String> args) {
    ClusterNames n = new ClusterNames(cluster);
    TributaryClusterSpec spec = cluster.getSpec();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(n.configMap())
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("run").withNewEmptyDir().endEmptyDir().build());
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("config", NodeConfig.CONFIG_DIR, true));
    mounts.add(mount("data", NodeConfig.DATA_DIR, false));
    mounts.add(mount("run", NodeConfig.RUN_DIR, false));
    if (spec.tls != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("tls")
              .withNewSecret()
              .withSecretName(spec.tls.secretName)
              .endSecret()
              .build());
      mounts.add(mount("tls", NodeConfig.TLS_DIR, true));
    }
    Container node =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(spec.image)
            .withImagePullPolicy(spec.imagePullPolicy)
            .withCommand("tributary", "node")
            .withArgs(args)
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .withPorts(
                containerPort(CLIENT_PORT, spec.clientPort),
                containerPort(ROUTE_PORT, spec.routePort),
                containerPort(MONITOR_PORT, spec.monitoringPort))
            .withResources(spec.resources)
            .withStartupProbe(healthz(2, 1, 90))
            .withReadinessProbe(healthz(5, 2, 3))
            .withLivenessProbe(healthz(10, 5, 3))
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand(preStop())
            .endExec()
            .endPreStop()
            .endLifecycle()
            .withVolumeMounts(mounts)
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(cluster, n.statefulSet()))
        .withNewSpec()
        .withReplicas(spec.replicas)
        .withServiceName(n.headlessService())
        .withPodManagementPolicy("Parallel")
        // the operator rolls the pods itself (RollPlan): one at a time, each back and current
        // with its accounts before the next
        .withNewUpdateStrategy()
        .withType("OnDelete")
        .endUpdateStrategy()
        .withNewSelector()
        .withMatchLabels(n.selector())
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(n.podLabels())
        .withAnnotations(Map.of(CONFIG_CHECKSUM, checksum))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds(spec))
        // the node image runs as uid 10001 (deploy/images/node): a new volume must be its to write
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NODE_UID)
        .withFsGroup(NODE_UID)
        .endSecurityContext()
        .withContainers(node)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(dataVolume(cluster))
        .endSpec()
        .build();
  }

  /**
   * The preStop hook: lame-duck mode (SIGUSR2 through the node's pid file), then wait while the
   * node drains its clients and exits, so that Kubernetes' SIGTERM finds nothing left to cut.
   */
  public static List<String> preStop() {
    return List.of(
        "/bin/sh",
        "-c",
        "tributary node --signal ldm --pid-file "
            + NodeConfig.PID_FILE
            + "; while [ -e "
            + NodeConfig.PID_FILE
            + " ]; do sleep 1; done");
  }

  /** Longer than the lame-duck duration, so that a draining node is not killed. */
  public static long terminationGracePeriodSeconds(TributaryClusterSpec spec) {
    return spec.lameDuck.durationSeconds + TERMINATION_MARGIN_SECONDS;
  }

  /**
   * The checksum of what the nodes run: the config file without its routes (see {@link
   * NodeConfig#render(TributaryCluster,
   * io.tributary.operator.controlplane.ControlPlaneClient.OperatorIdentity, boolean)}), the
   * arguments and the image. A pod whose annotation differs is rolled ({@link RollPlan}).
   */
  public static String checksum(String configWithoutRoutes, List<String> args, String image) {
    return Apply.sha256(
        configWithoutRoutes + "\u0000" + String.join("\u0000", args) + "\u0000" + image);
  }

  private static PersistentVolumeClaim dataVolume(TributaryCluster cluster) {
    ClusterNames n = new ClusterNames(cluster);
    TributaryClusterSpec.Storage storage = cluster.getSpec().storage;
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data")
        .withLabels(n.labels())
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storage.className)
        .withNewResources()
        .withRequests(Map.of("storage", storage.size))
        .endResources()
        .endSpec()
        .build();
  }

  private static Probe healthz(int period, int timeout, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(MONITOR_PORT))
        .endHttpGet()
        .withPeriodSeconds(period)
        .withTimeoutSeconds(timeout)
        .withFailureThreshold(failures)
        .build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol("TCP")
        .build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  private static ObjectMeta meta(TributaryCluster cluster, String name) {
    ClusterNames n = new ClusterNames(cluster);
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(n.namespace())
        .withLabels(n.labels())
        .withOwnerReferences(n.ownerReference())
        .build();
  }
}
