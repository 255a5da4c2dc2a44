package io.tributary.operator.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tributary.operator.cluster.ClusterStatus.Registration;
import io.tributary.operator.cluster.RollPlan.Decision;
import io.tributary.operator.cluster.RollPlan.Step;
import io.tributary.operator.controlplane.ControlPlaneClient;
import io.tributary.operator.controlplane.ControlPlaneClient.OperatorIdentity;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;
import io.tributary.operator.crd.TributaryClusterStatus;
import io.tributary.operator.crd.TributaryClusterStatus.Roll;
import io.tributary.operator.reconcile.Apply;
import io.tributary.operator.reconcile.ControlPlaneAccess;
import io.tributary.operator.reconcile.ErrorStatus;
import io.tributary.operator.reconcile.InvalidSpecException;
import io.tributary.operator.reconcile.Labels;
import io.tributary.operator.reconcile.StatusWriter;
import io.tributary.operator.reconcile.TroubleException;

/**
 * Reconciles a {@link TributaryCluster}: the node config from the control plane's operator
 * identity, the ConfigMap, Services, StatefulSet and PodDisruptionBudget (built by {@link
 * DesiredResources}, written by {@link Apply}), the cluster's registration with the control plane,
 * the rolling restart of pods whose spec changed ({@link RollPlan}: the only thing it deletes), and
 * the status. With a finalizer, deletion deregisters the cluster first.
 *
 * <p>A failure (the control plane refusing or unreachable, the token's Secret missing, the API
 * server refusing a write) becomes a Degraded condition with its reason and is retried with backoff
 * by the controller's retry; a spec the operator cannot make is Degraded until the spec changes.
 */
@ControllerConfiguration(name = TributaryClusterReconciler.NAME)
public final class TributaryClusterReconciler
    implements Reconciler<TributaryCluster>, Cleaner<TributaryCluster> {
  public static final String NAME = "tributarycluster";
  private static final Logger LOG = LoggerFactory.getLogger(TributaryClusterReconciler.class);

  /** How often a roll under way is looked at again without an event. */
  private static final Duration ROLL_POLL = Duration.ofSeconds(5);

  private final Duration statusInterval;
  private final Clock clock;

  /**
   * @param statusInterval how often the control plane's view of the cluster is read again
   */
  public TributaryClusterReconciler(Duration statusInterval, Clock clock) {
    this.statusInterval = statusInterval;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TributaryCluster>> prepareEventSources(
      EventSourceContext<TributaryCluster> context) {
    // The StatefulSet's status (ready replicas, revisions) drives the cluster's; the default
    // mapping follows its owner reference back to the cluster.
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(StatefulSet.class, TributaryCluster.class)
                .withName("statefulsets")
                .withNamespacesInheritedFromController()
                .withLabelSelector(Labels.LABEL_MANAGED_BY + "=" + Labels.MANAGED_BY)
                .build(),
            context));
  }

  @Override
  public UpdateControl<TributaryCluster> reconcile(
      TributaryCluster cluster, Context<TributaryCluster> context) throws Exception {
    KubernetesClient client = context.getClient();
    ClusterNames names = new ClusterNames(cluster);
    List<String> args;
    try {
      validate(cluster);
      args = NodeFlags.args(cluster.getSpec().config);
    } catch (InvalidSpecException e) {
      return ErrorStatus.invalidSpec(
          LOG,
          id(names),
          client,
          cluster,
          e,
          t ->
              ClusterStatus.of(
                  cluster,
                  context.getSecondaryResource(StatefulSet.class).orElse(null),
                  null,
                  t,
                  null,
                  clock.instant()));
    }

    ControlPlaneClient anonymous = new ControlPlaneClient(cluster.getSpec().controlPlane.url, null);
    OperatorIdentity operator = anonymous.operator();
    String config = NodeConfig.render(cluster, operator);
    String checksum =
        DesiredResources.checksum(
            NodeConfig.render(cluster, operator, false), args, cluster.getSpec().image);

    Apply.apply(client, DesiredResources.configMap(cluster, config));
    Apply.apply(
        client,
        DesiredResources.headlessService(cluster),
        TributaryClusterReconciler::keepClusterIp);
    Apply.apply(
        client, DesiredResources.clientService(cluster), TributaryClusterReconciler::keepClusterIp);
    StatefulSet sts =
        Apply.apply(
            client,
            DesiredResources.statefulSet(cluster, checksum, args),
            TributaryClusterReconciler::keepImmutable);
    Apply.apply(client, DesiredResources.podDisruptionBudget(cluster));

    ControlPlaneClient controlPlane =
        ControlPlaneAccess.client(client, names.namespace(), cluster.getSpec().controlPlane);
    register(controlPlane, cluster);
    List<ControlPlaneClient.NodeSummary> nodes =
        controlPlane.clusterStatus(names.controlPlaneCluster());
    Decision roll = roll(client, cluster, checksum, nodes);
    TributaryClusterStatus status =
        ClusterStatus.of(
            cluster,
            sts,
            new Registration(names.controlPlaneCluster(), true, nodes),
            null,
            roll,
            clock.instant());
    // The roll's pod in the status before it goes: the next decision, made from the stored
    // status, waits for it.
    StatusWriter.write(client, cluster, status);
    switch (roll.step()) {
      case Step.Restart r -> {
        LOG.info("{}/{}: rolling: deleting pod {}", names.namespace(), names.name(), r.pod());
        client.pods().inNamespace(names.namespace()).withName(r.pod()).delete();
      }
      case Step.Stuck s ->
          LOG.warn(
              "{}/{}: roll stopped: pod {} {}", names.namespace(), names.name(), s.pod(), s.why());
      default -> {}
    }
    // A roll waits on the pods and on the control plane, whose view is polled; a stuck one waits
    // for the pod (an event) or a new spec.
    Duration next =
        roll.roll() == null || roll.step() instanceof Step.Stuck
            ? statusInterval
            : min(statusInterval, ROLL_POLL);
    return UpdateControl.<TributaryCluster>noUpdate().rescheduleAfter(next);
  }

  // The roller's next step from the pods as they are now: listed rather than read from a cache, so
  // that a pod just deleted is never taken for Ready.
  private Decision roll(
      KubernetesClient client,
      TributaryCluster cluster,
      String checksum,
      List<ControlPlaneClient.NodeSummary> nodes) {
    ClusterNames names = new ClusterNames(cluster);
    List<RollPlan.PodView> pods =
        client
            .pods()
            .inNamespace(names.namespace())
            .withLabels(names.selector())
            .list()
            .getItems()
            .stream()
            .map(RollPlan.PodView::of)
            .toList();
    return RollPlan.next(
        new RollPlan.Input(
            checksum,
            IntStream.range(0, cluster.getSpec().replicas).mapToObj(names::pod).toList(),
            pods,
            RollPlan.nodesCurrent(names, nodes),
            storedRoll(client, names),
            clock.instant(),
            Duration.ofSeconds(cluster.getSpec().rollTimeoutSeconds)));
  }

  // The roll so far as stored, not as cached: the cache can lag the status written with the last
  // restart, and a decision made from it would forget the pod the roll waits for.
  private static Roll storedRoll(KubernetesClient client, ClusterNames names) {
    TributaryCluster stored =
        client
            .resources(TributaryCluster.class)
            .inNamespace(names.namespace())
            .withName(names.name())
            .get();
    return stored == null || stored.getStatus() == null ? null : stored.getStatus().roll;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public ErrorStatusUpdateControl<TributaryCluster> updateErrorStatus(
      TributaryCluster cluster, Context<TributaryCluster> context, Exception e) {
    return ErrorStatus.update(
        LOG,
        id(new ClusterNames(cluster)),
        cluster,
        context,
        e,
        t -> {
          StatefulSet sts = null;
          try {
            sts = context.getSecondaryResource(StatefulSet.class).orElse(null);
          } catch (RuntimeException ignored) {
            // no cache yet: the status says nothing of the nodes
          }
          return ClusterStatus.of(cluster, sts, null, t, null, clock.instant());
        });
  }

  @Override
  public DeleteControl cleanup(TributaryCluster cluster, Context<TributaryCluster> context)
      throws Exception {
    ClusterNames names = new ClusterNames(cluster);
    TributaryClusterStatus status = cluster.getStatus();
    boolean everRegistered =
        status != null && status.controlPlane != null && status.controlPlane.registered;
    try {
      ControlPlaneClient controlPlane =
          ControlPlaneAccess.client(
              context.getClient(), names.namespace(), cluster.getSpec().controlPlane);
      Optional<ControlPlaneClient.Cluster> there =
          controlPlane.cluster(names.controlPlaneCluster());
      if (there.isPresent() && marker(cluster).equals(there.get().description())) {
        controlPlane.deleteCluster(names.controlPlaneCluster());
        LOG.info(
            "{}/{}: deregistered cluster {} from the control plane",
            names.namespace(),
            names.name(),
            names.controlPlaneCluster());
      } else if (there.isPresent()) {
        LOG.warn(
            "{}/{}: cluster {} in the control plane is not this resource's; left there",
            names.namespace(),
            names.name(),
            names.controlPlaneCluster());
      }
    } catch (ControlPlaneException | TroubleException e) {
      if (everRegistered) {
        throw e; // retried with backoff: the finalizer stays until the cluster is deregistered
      }
      LOG.warn(
          "{}/{}: never registered, and the control plane cannot be asked ({}): finalizer removed",
          names.namespace(),
          names.name(),
          e.getMessage());
    }
    return DeleteControl.defaultDelete();
  }

  /** What identifies the operator's own registration in the control plane. */
  static String marker(TributaryCluster cluster) {
    ClusterNames n = new ClusterNames(cluster);
    return "Managed by tributary-operator: TributaryCluster " + n.namespace() + "/" + n.name();
  }

  // POST when the cluster is not there, PATCH (If-Match) when its URLs changed; one of another
  // owner is left alone and reported.
  private static void register(ControlPlaneClient controlPlane, TributaryCluster cluster)
      throws ControlPlaneException {
    ClusterNames names = new ClusterNames(cluster);
    String name = names.controlPlaneCluster();
    List<String> urls = names.clientUrls();
    Optional<ControlPlaneClient.Cluster> there = controlPlane.cluster(name);
    if (there.isEmpty()) {
      controlPlane.createCluster(name, urls, marker(cluster));
      LOG.info("{}/{}: registered cluster {} {}", names.namespace(), names.name(), name, urls);
    } else if (!marker(cluster).equals(there.get().description())) {
      throw new ControlPlaneException(
          409,
          "name-taken",
          "Conflict",
          "the control plane has a cluster named '"
              + name
              + "' that this resource did not register (set spec.controlPlane.clusterName)");
    } else if (!there.get().urls().equals(urls)) {
      controlPlane.changeCluster(name, there.get().version(), urls);
      LOG.info("{}/{}: cluster {} now at {}", names.namespace(), names.name(), name, urls);
    }
  }

  /** What the operator checks of a spec beyond the CRD's schema. */
  static void validate(TributaryCluster cluster) throws InvalidSpecException {
    TributaryClusterSpec spec = cluster.getSpec();
    ControlPlaneAccess.validate(spec.controlPlane);
    String name = new ClusterNames(cluster).controlPlaneCluster();
    if (!ControlPlaneClient.NAME.matcher(name).matches()) {
      throw new InvalidSpecException(
          "the control plane's cluster name '"
              + name
              + "' must be lower-case letters, digits and '-' (at most 63): set"
              + " spec.controlPlane.clusterName");
    }
    if (spec.replicas < 1) {
      throw new InvalidSpecException("spec.replicas: at least 1");
    }
    if (spec.tls != null && (spec.tls.secretName == null || spec.tls.secretName.isBlank())) {
      throw new InvalidSpecException("spec.tls.secretName: the Secret with tls.crt and tls.key");
    }
    if (spec.tls != null && spec.tls.verifyClients && !spec.tls.ca) {
      throw new InvalidSpecException("spec.tls.verifyClients needs spec.tls.ca (ca.crt)");
    }
  }

  // A Service's cluster IP is the API server's to choose, once.
  private static void keepClusterIp(Service existing, Service desired) {
    if (existing.getSpec() != null && !"None".equals(desired.getSpec().getClusterIP())) {
      desired.getSpec().setClusterIP(existing.getSpec().getClusterIP());
      desired.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
    }
  }

  // A StatefulSet's volume claim templates cannot change (a new size needs the volumes resized);
  // its status is not the operator's to write.
  private static void keepImmutable(StatefulSet existing, StatefulSet desired) {
    desired.getSpec().setVolumeClaimTemplates(existing.getSpec().getVolumeClaimTemplates());
    desired.setStatus(existing.getStatus());
  }

  private static String id(ClusterNames names) {
    return names.namespace() + "/" + names.name();
  }
}
