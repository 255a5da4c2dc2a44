package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.tributary.operator.cluster.ClusterStatus.Registration;
import io.tributary.operator.cluster.RollPlan.Decision;
import io.tributary.operator.cluster.RollPlan.Step;
import io.tributary.operator.controlplane.ControlPlaneClient.NodeSummary;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterStatus;
import io.tributary.operator.crd.TributaryClusterStatus.Roll;
import io.tributary.operator.reconcile.StatusWriter;
import io.tributary.operator.reconcile.Trouble;

class ClusterStatusTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-07T10:05:00Z");

  private final TributaryCluster cluster = Fixtures.cluster("eu-1", "messaging");
  private final Registration registered =
      new Registration(
          "eu-1",
          true,
          List.of(new NodeSummary("nats://eu-1-0.eu-1-routes.messaging.svc:4222", true, 2, 2, 0)));

  @Test
  void readyWhenEveryNodeIsReadyAndTheClusterRegistered() {
    TributaryClusterStatus s = ClusterStatus.of(cluster, sts(3, 3, 3), registered, null, null, T0);
    assertThat(condition(s, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "AllNodesReady");
    assertThat(condition(s, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("False");
    assertThat(s.readyReplicas).isEqualTo(3);
    assertThat(s.observedGeneration).isEqualTo(1L);
    assertThat(condition(s, "Ready").getObservedGeneration()).isEqualTo(1L);
    assertThat(s.clientUrls)
        .containsExactly(
            "nats://eu-1-0.eu-1-routes.messaging.svc:4222",
            "nats://eu-1-1.eu-1-routes.messaging.svc:4222",
            "nats://eu-1-2.eu-1-routes.messaging.svc:4222");
    assertThat(s.controlPlane.registered).isTrue();
    assertThat(s.controlPlane.nodes)
        .singleElement()
        .satisfies(n -> assertThat(n.current).isEqualTo(2));
  }

  @Test
  void progressingWhileNodesStartOrRoll() {
    TributaryClusterStatus created = ClusterStatus.of(cluster, null, null, null, null, T0);
    assertThat(condition(created, "Progressing").getReason()).isEqualTo("Creating");
    assertThat(condition(created, "Ready").getReason()).isEqualTo("NodesNotReady");

    TributaryClusterStatus starting =
        ClusterStatus.of(cluster, sts(3, 3, 1), registered, null, null, T0);
    assertThat(condition(starting, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("True", "NodesStarting", "1 of 3 nodes ready");
    assertThat(condition(starting, "Ready").getMessage()).isEqualTo("1 of 3 nodes ready");

    // The roll says what goes on while it lasts, and the StatefulSet's revisions do not (they
    // differ with OnDelete until the roller is done).
    StatefulSet rolling = sts(3, 3, 2);
    rolling.getStatus().setCurrentRevision("eu-1-a");
    rolling.getStatus().setUpdateRevision("eu-1-b");
    Roll roll = new Roll();
    roll.target = "b";
    roll.pending = List.of("eu-1-1", "eu-1-0");
    roll.pod = "eu-1-2";
    roll.podDeletedAt = T0.toString();
    TributaryClusterStatus r =
        ClusterStatus.of(
            cluster,
            rolling,
            registered,
            null,
            new Decision(new Step.WaitReady("eu-1-2"), roll),
            T0);
    assertThat(condition(r, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True",
            "RollingUpdate",
            "waiting for eu-1-2 to be Ready on the new spec (eu-1-1, eu-1-0 left)");
    assertThat(r.roll).isSameAs(roll);
    assertThat(condition(r, "Degraded").getStatus()).isEqualTo("False");
    // a reconcile that failed before the roller keeps the roll
    cluster.setStatus(r);
    TributaryClusterStatus failed =
        ClusterStatus.of(cluster, rolling, null, Trouble.of(new RuntimeException("x")), null, T1);
    assertThat(failed.roll).isSameAs(roll);
    assertThat(condition(failed, "Progressing").getReason()).isEqualTo("RollingUpdate");
    cluster.setStatus(null);

    TributaryClusterStatus done =
        ClusterStatus.of(
            cluster, sts(3, 3, 3), registered, null, new Decision(new Step.Done(), null), T0);
    assertThat(done.roll).isNull();
    assertThat(condition(done, "Progressing").getReason()).isEqualTo("Stable");

    cluster.getSpec().replicas = 5;
    assertThat(
            condition(
                    ClusterStatus.of(cluster, sts(3, 3, 3), registered, null, null, T0),
                    "Progressing")
                .getReason())
        .isEqualTo("Scaling");
  }

  @Test
  void aStuckRollIsDegradedAndNoLongerProgressing() {
    Roll roll = new Roll();
    roll.target = "b";
    roll.pod = "eu-1-2";
    TributaryClusterStatus s =
        ClusterStatus.of(
            cluster,
            sts(3, 3, 2),
            registered,
            null,
            new Decision(new Step.Stuck("eu-1-2", "not Ready within 300 s"), roll),
            T0);
    String message =
        "pod eu-1-2 not Ready within 300 s; the roll is stopped until it recovers or the spec"
            + " changes";
    assertThat(condition(s, "Degraded"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("True", "RollStuck", message);
    assertThat(condition(s, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "RollStuck");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("NodesNotReady");
    assertThat(s.roll.pod).isEqualTo("eu-1-2");
  }

  @Test
  void degradedWithTheControlPlanesProblemKeepingTheLastRegistration() {
    cluster.setStatus(ClusterStatus.of(cluster, sts(3, 3, 3), registered, null, null, T0));
    Trouble t =
        Trouble.of(
            new ControlPlaneException(
                401, "unauthenticated", "Unauthorized", "the API token is unknown"));
    TributaryClusterStatus s = ClusterStatus.of(cluster, sts(3, 3, 3), null, t, null, T1);
    assertThat(condition(s, "Degraded"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True",
            "ControlPlaneUnauthenticated",
            "control plane: 401 unauthenticated: the API token is unknown");
    assertThat(s.controlPlane.lastError.code).isEqualTo("unauthenticated");
    assertThat(s.controlPlane.lastError.status).isEqualTo(401);
    assertThat(s.controlPlane.registered).isTrue(); // as last seen
    assertThat(condition(s, "Degraded").getLastTransitionTime()).isEqualTo(T1.toString());
    // Ready did not change: its transition time stays.
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void neverRegisteredIsNotReady() {
    Trouble t =
        Trouble.of(new ControlPlaneException(0, "unreachable", "Unreachable", "http://x: refused"));
    TributaryClusterStatus s = ClusterStatus.of(cluster, sts(3, 3, 3), null, t, null, T0);
    assertThat(condition(s, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "NotRegistered");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ControlPlaneUnreachable");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("control plane: unreachable: http://x: refused");
  }

  @Test
  void sameStatusesAreSeenAsSame() {
    TributaryClusterStatus a = ClusterStatus.of(cluster, sts(3, 3, 3), registered, null, null, T0);
    cluster.setStatus(a);
    TributaryClusterStatus b = ClusterStatus.of(cluster, sts(3, 3, 3), registered, null, null, T1);
    assertThat(StatusWriter.same(a, b)).isTrue();
    assertThat(
            StatusWriter.same(
                a, ClusterStatus.of(cluster, sts(3, 3, 2), registered, null, null, T1)))
        .isFalse();
  }

  private static StatefulSet sts(int replicas, int statusReplicas, int ready) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("eu-1")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReplicas(statusReplicas)
        .withReadyReplicas(ready)
        .withObservedGeneration(1L)
        .endStatus()
        .build();
  }

  private static Condition condition(TributaryClusterStatus s, String type) {
    return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
