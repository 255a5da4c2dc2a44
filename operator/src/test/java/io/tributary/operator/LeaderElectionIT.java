package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.tributary.operator.crd.SecretKey;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

/**
 * Two replicas of the operator against one (mock, CRUD mode) API server: one holds the Lease, the
 * other waits and does not reconcile; when the holder stops, the other takes the Lease once it
 * expires and reconciles what came meanwhile. With java-operator-sdk's timings (a 15 s lease, 2 s
 * renewals) this takes 15–20 s. No control plane: the resource it reconciles has an invalid spec,
 * which the reconciler reports without calling one.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {
  private static final String NS = "messaging";
  private static final String LEASE_NS = "tributary";
  private static final String LEASE = "tributary-operator";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private Operator a;
  private Operator b;

  @BeforeEach
  void start() throws Exception {
    for (var kind : CrdTest.KINDS) {
      client.resource(CrdTest.crd(kind)).createOr(r -> r.update());
    }
    // java-operator-sdk asks the API server whether it may use Leases before it starts electing: a
    // real one answers from RBAC (what the Helm chart's Role grants); the mock server is told to.
    SelfSubjectRulesReview allowed =
        new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(
                new ResourceRuleBuilder()
                    .withApiGroups("coordination.k8s.io")
                    .withResources("leases")
                    .withVerbs(TributaryOperator.LeaderElection.LEASE_VERBS)
                    .build())
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, allowed)
        .always();
  }

  @AfterEach
  void stop() {
    for (Operator o : new Operator[] {a, b}) {
      if (o != null) {
        o.stop();
      }
    }
  }

  @Test
  void oneOfTwoReplicasHoldsTheLeaseAndTheOtherTakesOverWhenItStops() throws Exception {
    a = operator("replica-a");
    b = operator("replica-b");
    a.start();
    b.start();

    Lease lease = Await.eventually(Duration.ofSeconds(20), this::lease, () -> "no Lease");
    String leader = lease.getSpec().getHolderIdentity();
    assertThat(leader).isIn("replica-a", "replica-b");
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);

    // It stays with the first holder, who renews it.
    Thread.sleep(5_000);
    Lease renewed = lease();
    assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo(leader);
    assertThat(renewed.getSpec().getRenewTime()).isAfter(lease.getSpec().getRenewTime());
    assertThat(renewed.getSpec().getLeaseTransitions()).isZero();

    // The leader stops (without releasing the Lease, as java-operator-sdk does), and a resource
    // comes: the other replica does not reconcile it while the Lease has not expired ...
    String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";
    (leader.equals("replica-a") ? a : b).stop();
    client.resource(invalidCluster("gamma")).create();
    Thread.sleep(3_000);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader);
    assertThat(client.resources(TributaryCluster.class).inNamespace(NS).withName("gamma").get())
        .satisfies(c -> assertThat(c.getStatus()).isNull());

    // ... then takes it and reconciles what it missed.
    Lease taken =
        Await.eventually(
            Duration.ofSeconds(30),
            () -> standby.equals(lease().getSpec().getHolderIdentity()) ? lease() : null,
            () -> "Lease " + lease().getSpec());
    assertThat(taken.getSpec().getLeaseTransitions()).isEqualTo(1);
    TributaryCluster gamma =
        Await.eventually(
            Duration.ofSeconds(20),
            () -> {
              TributaryCluster c =
                  client.resources(TributaryCluster.class).inNamespace(NS).withName("gamma").get();
              return c.getStatus() == null || c.getStatus().conditions.isEmpty() ? null : c;
            },
            () -> "no status on gamma");
    assertThat(gamma.getStatus().conditions)
        .filteredOn(c -> c.getType().equals("Degraded"))
        .singleElement()
        .extracting(Condition::getReason)
        .isEqualTo("InvalidSpec");

    // What the two did with the Lease: verbs the Helm chart's Role grants (LEASE_VERBS).
    Set<String> verbs = new TreeSet<>();
    for (RecordedRequest r; (r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      if (r.getPath().startsWith("/apis/coordination.k8s.io/")) {
        verbs.add(
            switch (r.getMethod()) {
              case "GET" -> "get";
              case "POST" -> "create";
              case "PUT" -> "update";
              case "PATCH" -> "patch";
              default -> r.getMethod();
            });
      }
    }
    assertThat(verbs)
        .contains("get", "create", "patch")
        .isSubsetOf(TributaryOperator.LeaderElection.LEASE_VERBS);
  }

  private Operator operator(String identity) {
    return TributaryOperator.create(
        client,
        new TributaryOperator.Settings(
                Set.of(NS), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2))
            .withLeaderElection(
                // exitOnLoss false: the stopped leader must not end the test's JVM
                new TributaryOperator.LeaderElection(LEASE, LEASE_NS, identity, false)));
  }

  private Lease lease() {
    return client.leases().inNamespace(LEASE_NS).withName(LEASE).get();
  }

  private static TributaryCluster invalidCluster(String name) {
    TributaryCluster c = new TributaryCluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    TributaryClusterSpec spec = new TributaryClusterSpec();
    spec.controlPlane = new TributaryClusterSpec.ControlPlane();
    spec.controlPlane.url = "tributary-control:8080"; // no scheme: InvalidSpec, no call made
    spec.controlPlane.tokenSecret = new SecretKey();
    spec.controlPlane.tokenSecret.name = "token";
    c.setSpec(spec);
    return c;
  }
}
