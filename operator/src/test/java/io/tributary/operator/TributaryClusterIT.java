package io.tributary.operator;

import static io.tributary.operator.ControlPlaneApi.names;
import static io.tributary.operator.ControlPlaneApi.texts;
import static io.tributary.operator.OperatorHarness.checksum;
import static io.tributary.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.auth.testing.Ports;
import io.tributary.operator.crd.SecretKey;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator for real against fabric8's mock API server in CRUD mode (no real API server can be
 * had here; server-side apply off) and the real packaged control plane as a process: a
 * TributaryCluster becomes its objects and a registration, changes follow, the StatefulSet's
 * readiness makes it Ready, deletion deregisters it; a wrong token is Degraded and retried.
 */
@EnableKubernetesMockClient(crud = true)
class TributaryClusterIT {
  private static final String NS = "messaging";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static OperatorHarness k8s;
  private static ControlPlaneApi api;

  @BeforeAll
  static void start() throws Exception {
    k8s = OperatorHarness.start(client, NS);
    api = k8s.api();
  }

  @AfterAll
  static void stop() throws Exception {
    if (k8s != null) {
      k8s.close();
    }
  }

  @Test
  void aClusterBecomesItsObjectsAndARegistrationFollowsChangesAndIsRemovedWithIt()
      throws Exception {
    k8s.secret("alpha-token", api.token());
    client.resource(cluster("alpha", "alpha-token")).create();

    StatefulSet sts = eventually(() -> k8s.get(StatefulSet.class, "alpha"));
    ConfigMap cm = k8s.get(ConfigMap.class, "alpha-config");
    Service headless = k8s.get(Service.class, "alpha-routes");
    Service clients = k8s.get(Service.class, "alpha");
    PodDisruptionBudget pdb = k8s.get(PodDisruptionBudget.class, "alpha");
    TributaryCluster alpha = k8s.get(TributaryCluster.class, "alpha");
    for (HasMetadata o : List.of(sts, cm, headless, clients, pdb)) {
      assertThat(o.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(r -> assertThat(r.getUid()).isEqualTo(alpha.getMetadata().getUid()));
      assertThat(o.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "tributary-operator");
    }
    assertThat(alpha.getMetadata().getFinalizers()).hasSize(1);

    // The config: the control plane's operator, routes to every pod through the headless Service.
    String config = cm.getData().get("node.conf");
    JsonNode op = api.getPublic("/api/v1/operator");
    assertThat(config)
        .contains("operator: \"" + op.get("jwt").asText() + "\"")
        .contains("system_account: " + op.get("systemAccount").asText())
        .contains("server_name: $POD_NAME")
        .contains("nats-route://alpha-0.alpha-routes.messaging.svc:6222")
        .contains("nats-route://alpha-2.alpha-routes.messaging.svc:6222")
        .doesNotContain("alpha-3.");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("alpha-routes");
    Container node = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(node.getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactly(4222, 6222, 8222);
    assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(node.getLifecycle().getPreStop().getExec().getCommand().get(2))
        .contains("--signal ldm");
    String checksum = checksum(sts);
    assertThat(checksum).matches("[0-9a-f]{64}");

    // Registered through the public API with every pod's client URL.
    JsonNode registered = eventually(() -> api.get("/api/v1/clusters/alpha"));
    assertThat(texts(registered.path("urls")))
        .containsExactly(
            "nats://alpha-0.alpha-routes.messaging.svc:4222",
            "nats://alpha-1.alpha-routes.messaging.svc:4222",
            "nats://alpha-2.alpha-routes.messaging.svc:4222");
    assertThat(names(api.get("/api/v1/clusters"))).contains("alpha");

    // Not ready until the StatefulSet says its pods are.
    TributaryCluster starting =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "alpha", "Progressing", "True"));
    assertThat(condition(starting, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(starting, "Ready").getReason()).isEqualTo("NodesNotReady");
    setReady("alpha", 3);
    TributaryCluster ready =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "alpha", "Ready", "True"));
    assertThat(ready.getStatus().readyReplicas).isEqualTo(3);
    assertThat(condition(ready, "Progressing").getStatus())
        .as(Serialization.asYaml(ready))
        .isEqualTo("False");
    assertThat(condition(ready, "Degraded").getStatus()).isEqualTo("False");
    assertThat(ready.getStatus().controlPlane.registered).isTrue();
    assertThat(ready.getStatus().controlPlane.nodes).hasSize(3);
    assertThat(ready.getStatus().clientUrls).hasSize(3);

    // Scale to 5 and override a node flag: the StatefulSet, the config, the checksum and the
    // registration follow.
    k8s.edit(
        TributaryCluster.class,
        "alpha",
        c -> {
          c.getSpec().replicas = 5;
          c.getSpec().config = Map.of("max-payload", "4MB");
        });
    StatefulSet five =
        eventually(
            () -> {
              StatefulSet s = k8s.get(StatefulSet.class, "alpha");
              return s.getSpec().getReplicas() == 5 ? s : null;
            });
    assertThat(five.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .contains("--max-payload=4MB");
    assertThat(checksum(five)).isNotEqualTo(checksum);
    assertThat(k8s.get(ConfigMap.class, "alpha-config").getData().get("node.conf"))
        .contains("nats-route://alpha-4.alpha-routes.messaging.svc:6222");
    eventually(
        () -> texts(api.get("/api/v1/clusters/alpha").path("urls")).size() == 5 ? true : null);
    TributaryCluster scaling =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "alpha", "Ready", "False"));
    assertThat(condition(scaling, "Ready").getMessage()).isEqualTo("3 of 5 nodes ready");
    assertThat(condition(scaling, "Progressing").getReason()).isEqualTo("Scaling");

    // Scaling alone does not roll the running nodes: the checksum leaves the routes out.
    k8s.edit(TributaryCluster.class, "alpha", c -> c.getSpec().replicas = 4);
    StatefulSet four =
        eventually(
            () -> {
              StatefulSet s = k8s.get(StatefulSet.class, "alpha");
              return s.getSpec().getReplicas() == 4 ? s : null;
            });
    assertThat(checksum(four)).isEqualTo(checksum(five));
    setReady("alpha", 4);
    eventually(() -> k8s.withCondition(TributaryCluster.class, "alpha", "Ready", "True"));

    // Deleting it deregisters it, then the finalizer goes and so does the resource.
    client.resource(k8s.get(TributaryCluster.class, "alpha")).delete();
    eventually(
        () ->
            client.resources(TributaryCluster.class).inNamespace(NS).withName("alpha").get() == null
                ? true
                : null);
    assertThat(api.status("/api/v1/clusters/alpha")).isEqualTo(404);
    assertThat(names(api.get("/api/v1/clusters"))).doesNotContain("alpha");
  }

  @Test
  void aRefusedTokenIsDegradedWithTheProblemAndRetriedUntilTheSecretIsRight() throws Exception {
    k8s.secret("beta-token", "trb_not-a-token-the-control-plane-made");
    client.resource(cluster("beta", "beta-token")).create();

    TributaryCluster degraded =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "beta", "Degraded", "True"));
    Condition d = condition(degraded, "Degraded");
    assertThat(d.getReason()).isEqualTo("ControlPlaneUnauthenticated");
    assertThat(d.getMessage()).startsWith("control plane: 401 unauthenticated");
    assertThat(degraded.getStatus().controlPlane.lastError.code).isEqualTo("unauthenticated");
    assertThat(degraded.getStatus().controlPlane.lastError.status).isEqualTo(401);
    assertThat(degraded.getStatus().controlPlane.registered).isFalse();
    // The nodes are made anyway; only the registration waits.
    assertThat(k8s.get(StatefulSet.class, "beta")).isNotNull();
    assertThat(api.status("/api/v1/clusters/beta")).isEqualTo(404);

    // Nothing else is hurt, and a right token is picked up by the retry (the Secret is not
    // watched).
    k8s.secret("beta-token", api.token());
    TributaryCluster healed =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "beta", "Degraded", "False"));
    assertThat(healed.getStatus().controlPlane.registered).isTrue();
    assertThat(healed.getStatus().controlPlane.lastError).isNull();
    assertThat(api.status("/api/v1/clusters/beta")).isEqualTo(200);

    client.resource(k8s.get(TributaryCluster.class, "beta")).delete();
    eventually(
        () ->
            client.resources(TributaryCluster.class).inNamespace(NS).withName("beta").get() == null
                ? true
                : null);
    assertThat(api.status("/api/v1/clusters/beta")).isEqualTo(404);
  }

  @Test
  void aSpecTheOperatorCannotMakeIsDegradedAndItsDeletionDoesNotWaitForTheControlPlane()
      throws Exception {
    k8s.secret("gamma-token", api.token());
    TributaryCluster gamma = cluster("gamma", "gamma-token");
    gamma.getSpec().config = Map.of("port", "5222");
    client.resource(gamma).create();
    TributaryCluster degraded =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "gamma", "Degraded", "True"));
    assertThat(condition(degraded, "Degraded").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(degraded, "Degraded").getMessage())
        .isEqualTo("spec.config.port: set by the operator (spec.clientPort)");
    assertThat(condition(degraded, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(client.resources(StatefulSet.class).inNamespace(NS).withName("gamma").get())
        .isNull();

    // A control plane that cannot be reached: never registered, so deletion does not wait for it.
    String closed = "http://127.0.0.1:" + Ports.freeLoopbackPort();
    k8s.edit(
        TributaryCluster.class,
        "gamma",
        c -> {
          c.getSpec().config = Map.of();
          c.getSpec().controlPlane.url = closed;
        });
    TributaryCluster unreachable =
        eventually(
            () -> {
              TributaryCluster c =
                  k8s.withCondition(TributaryCluster.class, "gamma", "Degraded", "True");
              return c != null
                      && condition(c, "Degraded").getReason().equals("ControlPlaneUnreachable")
                  ? c
                  : null;
            });
    assertThat(unreachable.getStatus().controlPlane.lastError.status).isZero();
    client.resource(k8s.get(TributaryCluster.class, "gamma")).delete();
    eventually(
        () ->
            client.resources(TributaryCluster.class).inNamespace(NS).withName("gamma").get() == null
                ? true
                : null);
  }

  @Test
  void aNameTakenInTheControlPlaneIsNotTakenOverNorDeleted() throws Exception {
    String someoneElses = "nats://127.0.0.1:" + Ports.freeLoopbackPort();
    api.post(
        "/api/v1/clusters",
        Map.of("name", "delta", "urls", List.of(someoneElses), "description", "made by hand"));
    k8s.secret("delta-token", api.token());
    client.resource(cluster("delta", "delta-token")).create();

    TributaryCluster degraded =
        eventually(() -> k8s.withCondition(TributaryCluster.class, "delta", "Degraded", "True"));
    assertThat(condition(degraded, "Degraded").getReason()).isEqualTo("ControlPlaneNameTaken");
    assertThat(condition(degraded, "Degraded").getMessage())
        .contains("set spec.controlPlane.clusterName");
    assertThat(texts(api.get("/api/v1/clusters/delta").path("urls"))).containsExactly(someoneElses);

    client.resource(k8s.get(TributaryCluster.class, "delta")).delete();
    eventually(
        () ->
            client.resources(TributaryCluster.class).inNamespace(NS).withName("delta").get() == null
                ? true
                : null);
    JsonNode still = api.get("/api/v1/clusters/delta");
    assertThat(still.get("description").asText()).isEqualTo("made by hand");
    assertThat(texts(still.path("urls"))).containsExactly(someoneElses);
  }

  // --- Kubernetes side

  private static TributaryCluster cluster(String name, String tokenSecret) {
    TributaryCluster c = new TributaryCluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    TributaryClusterSpec spec = new TributaryClusterSpec();
    spec.controlPlane = new TributaryClusterSpec.ControlPlane();
    spec.controlPlane.url = api.url();
    spec.controlPlane.tokenSecret = new SecretKey();
    spec.controlPlane.tokenSecret.name = tokenSecret;
    c.setSpec(spec);
    return c;
  }

  // The kubelet's and StatefulSet controller's part: the pods are up and ready.
  private static void setReady(String name, int ready) {
    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                      .withReplicas(ready)
                      .withReadyReplicas(ready)
                      .withUpdatedReplicas(ready)
                      .build());
              return s;
            });
  }

  // --- the control plane's API

  private static <T> T eventually(Await.ThrowingSupplier<T> what) throws Exception {
    return Await.eventually(
        what,
        () ->
            "the clusters:\n"
                + Serialization.asYaml(
                    client.resources(TributaryCluster.class).inNamespace(NS).list().getItems()));
  }
}
