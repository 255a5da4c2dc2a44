package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.tributary.operator.cluster.RollPlan.Decision;
import io.tributary.operator.cluster.RollPlan.Input;
import io.tributary.operator.cluster.RollPlan.PodView;
import io.tributary.operator.cluster.RollPlan.Step;
import io.tributary.operator.controlplane.ControlPlaneClient.NodeSummary;
import io.tributary.operator.crd.TributaryClusterStatus.Roll;

class RollPlanTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final List<String> THREE = List.of("eu-1-0", "eu-1-1", "eu-1-2");
  private static final Set<String> ALL_CURRENT = Set.copyOf(THREE);

  @Test
  void nothingToDoWhenEveryPodRunsTheTarget() {
    Decision d = next(pods("new", "new", "new"), ALL_CURRENT, null, T0);
    assertThat(d.step()).isEqualTo(new Step.Done());
    assertThat(d.roll()).isNull();
    // nor while the pods first start: they are made on the target
    assertThat(next(List.of(), Set.of(), null, T0).step()).isEqualTo(new Step.Done());
  }

  @Test
  void theHighestOrdinalIsRestartedFirst() {
    Decision d = next(pods("old", "old", "old"), ALL_CURRENT, null, T0);
    assertThat(d.step()).isEqualTo(new Step.Restart("eu-1-2"));
    assertThat(d.roll().target).isEqualTo("new");
    assertThat(d.roll().pod).isEqualTo("eu-1-2");
    assertThat(d.roll().podDeletedAt).isEqualTo(T0.toString());
    assertThat(d.roll().startedAt).isEqualTo(T0.toString());
    assertThat(d.roll().pending).containsExactly("eu-1-1", "eu-1-0");
  }

  @Test
  void theRestartedPodIsWaitedForUntilReadyOnTheNewSpec() {
    Roll roll = restarted("eu-1-2", T0);
    // gone, then back on the old spec (not yet replaced), then back but not Ready
    List<PodView> gone = List.of(pod("eu-1-0", "old", true), pod("eu-1-1", "old", true));
    assertThat(next(gone, ALL_CURRENT, roll, T0.plusSeconds(1)).step())
        .isEqualTo(new Step.WaitReady("eu-1-2"));
    assertThat(next(pods("old", "old", "old"), ALL_CURRENT, roll, T0.plusSeconds(1)).step())
        .isEqualTo(new Step.WaitReady("eu-1-2"));
    List<PodView> starting = new ArrayList<>(gone);
    starting.add(pod("eu-1-2", "new", false));
    Decision d = next(starting, ALL_CURRENT, roll, T0.plusSeconds(20));
    assertThat(d.step()).isEqualTo(new Step.WaitReady("eu-1-2"));
    assertThat(d.roll().pod).isEqualTo("eu-1-2");
    assertThat(d.roll().startedAt).isEqualTo(T0.toString());
    assertThat(d.roll().pending).containsExactly("eu-1-1", "eu-1-0");
  }

  @Test
  void thenUntilItsNodeIsCurrentWithItsAccounts() {
    Roll roll = restarted("eu-1-2", T0);
    Decision waiting =
        next(pods("old", "old", "new"), Set.of("eu-1-0", "eu-1-1"), roll, T0.plusSeconds(30));
    assertThat(waiting.step()).isEqualTo(new Step.WaitAccounts("eu-1-2"));

    Decision next = next(pods("old", "old", "new"), ALL_CURRENT, roll, T0.plusSeconds(31));
    assertThat(next.step()).isEqualTo(new Step.Restart("eu-1-1"));
    assertThat(next.roll().startedAt).isEqualTo(T0.toString());
    assertThat(next.roll().podDeletedAt).isEqualTo(T0.plusSeconds(31).toString());
    assertThat(next.roll().pending).containsExactly("eu-1-0");

    // the last one back and current: done
    Decision done = next(pods("new", "new", "new"), ALL_CURRENT, restarted("eu-1-0", T0), T0);
    assertThat(done.step()).isEqualTo(new Step.Done());
    assertThat(done.roll()).isNull();
  }

  @Test
  void aPodNotBackWithinTheTimeoutStopsTheRollUntilItRecovers() {
    Roll roll = restarted("eu-1-2", T0);
    List<PodView> notReady =
        List.of(
            pod("eu-1-0", "old", true), pod("eu-1-1", "old", true), pod("eu-1-2", "new", false));
    Decision stuck = next(notReady, ALL_CURRENT, roll, T0.plus(TIMEOUT).plusSeconds(1));
    assertThat(stuck.step()).isEqualTo(new Step.Stuck("eu-1-2", "not Ready within 300 s"));
    assertThat(stuck.roll().pod).isEqualTo("eu-1-2");
    assertThat(stuck.roll().podDeletedAt).isEqualTo(T0.toString());
    // and it stays stopped: no other pod goes
    assertThat(next(notReady, ALL_CURRENT, stuck.roll(), T0.plus(TIMEOUT).plusSeconds(60)).step())
        .isInstanceOf(Step.Stuck.class);

    Decision behind =
        next(pods("old", "old", "new"), Set.of("eu-1-0"), roll, T0.plus(TIMEOUT).plusSeconds(1));
    assertThat(behind.step())
        .isEqualTo(new Step.Stuck("eu-1-2", "not current with its accounts within 300 s"));

    // recovered: the roll goes on
    assertThat(
            next(
                    pods("old", "old", "new"),
                    ALL_CURRENT,
                    stuck.roll(),
                    T0.plus(TIMEOUT).plusSeconds(90))
                .step())
        .isEqualTo(new Step.Restart("eu-1-1"));
  }

  @Test
  void aNewSpecRestartsTheStuckPodFirst() {
    Roll stuck = restarted("eu-1-2", T0);
    List<PodView> pods =
        List.of(
            pod("eu-1-0", "new", true), pod("eu-1-1", "new", true), pod("eu-1-2", "new", false));
    Decision d =
        RollPlan.next(
            new Input(
                "newer",
                THREE,
                pods,
                ALL_CURRENT,
                stuck,
                T0.plus(TIMEOUT).plusSeconds(5),
                TIMEOUT));
    assertThat(d.step()).isEqualTo(new Step.Restart("eu-1-2"));
    assertThat(d.roll().target).isEqualTo("newer");
    assertThat(d.roll().pending).containsExactly("eu-1-1", "eu-1-0");
  }

  @Test
  void noPodIsRestartedWhileAnotherIsDown() {
    // one up to date and starting (waited for as the roll's), one missing, one terminating: each
    // blocks
    List<PodView> starting =
        List.of(
            pod("eu-1-0", "new", false), pod("eu-1-1", "old", true), pod("eu-1-2", "old", true));
    Decision d = next(starting, ALL_CURRENT, null, T0);
    assertThat(d.step()).isEqualTo(new Step.WaitReady("eu-1-0"));
    assertThat(d.roll().pod).isEqualTo("eu-1-0");
    assertThat(d.roll().pending).containsExactly("eu-1-2", "eu-1-1");

    List<PodView> missing = List.of(pod("eu-1-1", "old", true), pod("eu-1-2", "old", true));
    assertThat(next(missing, ALL_CURRENT, null, T0).step())
        .isEqualTo(new Step.Blocked(List.of("eu-1-0")));

    List<PodView> terminating =
        List.of(
            new PodView("eu-1-0", 0, true, true, "old"),
            pod("eu-1-1", "old", true),
            pod("eu-1-2", "old", true));
    assertThat(next(terminating, ALL_CURRENT, null, T0).step())
        .isEqualTo(new Step.Blocked(List.of("eu-1-0")));

    // two down, both outdated: neither is restarted
    List<PodView> twoDown =
        List.of(
            pod("eu-1-0", "old", false), pod("eu-1-1", "old", false), pod("eu-1-2", "old", true));
    assertThat(next(twoDown, ALL_CURRENT, null, T0).step())
        .isEqualTo(new Step.Blocked(List.of("eu-1-0", "eu-1-1")));

    // the restarted pod is back, another went down by itself: on the old spec, it is replaced
    // first (that takes no second node down)
    assertThat(
            next(
                    List.of(
                        pod("eu-1-0", "old", true),
                        pod("eu-1-1", "old", false),
                        pod("eu-1-2", "new", true)),
                    ALL_CURRENT,
                    restarted("eu-1-2", T0),
                    T0.plusSeconds(30))
                .step())
        .isEqualTo(new Step.Restart("eu-1-1"));
  }

  @Test
  void aRolledNodeBehindOnItsAccountsHoldsTheNextRestart() {
    // the roll's own record of eu-1-2 lost (a stale status): its node is still waited for
    Decision d = next(pods("old", "old", "new"), Set.of("eu-1-0", "eu-1-1"), null, T0);
    assertThat(d.step()).isEqualTo(new Step.WaitAccounts("eu-1-2"));
  }

  @Test
  void aPodDownOnTheNewSpecWithNoRestartOnRecordIsTheRollsToWaitFor() {
    // the roll's record of restarting eu-1-2 lost (a stale status): it is taken for the roll's
    List<PodView> pods =
        List.of(
            pod("eu-1-0", "old", true), pod("eu-1-1", "old", true), pod("eu-1-2", "new", false));
    Decision adopted = next(pods, ALL_CURRENT, null, T0);
    assertThat(adopted.step()).isEqualTo(new Step.WaitReady("eu-1-2"));
    assertThat(adopted.roll().pod).isEqualTo("eu-1-2");
    assertThat(adopted.roll().podDeletedAt).isEqualTo(T0.toString());
    assertThat(adopted.roll().pending).containsExactly("eu-1-1", "eu-1-0");
    // so that it stops the roll when it is not back within the timeout
    assertThat(next(pods, ALL_CURRENT, adopted.roll(), T0.plus(TIMEOUT).plusSeconds(1)).step())
        .isEqualTo(new Step.Stuck("eu-1-2", "not Ready within 300 s"));
  }

  @Test
  void podsBeyondTheReplicasAreLeftToTheScaleDown() {
    List<PodView> pods = new ArrayList<>(pods("new", "new", "new"));
    pods.add(pod("eu-1-3", "old", false));
    assertThat(next(pods, ALL_CURRENT, null, T0).step()).isEqualTo(new Step.Done());
    // nor waited for when the roll restarted it last
    assertThat(next(pods, ALL_CURRENT, restarted("eu-1-3", T0), T0).step())
        .isEqualTo(new Step.Done());
  }

  @Test
  void aPodIsSeenWithItsReadinessDeletionAndChecksum() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("eu-1-10")
            .withAnnotations(Map.of(DesiredResources.CONFIG_CHECKSUM, "abc"))
            .withDeletionTimestamp("2026-12-07T10:00:00Z")
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    assertThat(PodView.of(pod)).isEqualTo(new PodView("eu-1-10", 10, true, true, "abc"));
    assertThat(
            PodView.of(new PodBuilder().withNewMetadata().withName("eu-1-0").endMetadata().build()))
        .isEqualTo(new PodView("eu-1-0", 0, false, false, null));
  }

  @Test
  void nodesAreCurrentWhenConnectedWithNothingPending() {
    ClusterNames names = new ClusterNames(Fixtures.cluster("eu-1", "messaging"));
    String url = "nats://eu-1-%d.eu-1-routes.messaging.svc:4222";
    assertThat(
            RollPlan.nodesCurrent(
                names,
                List.of(
                    new NodeSummary(url.formatted(0), true, 2, 2, 0),
                    new NodeSummary(url.formatted(1), true, 2, 1, 1),
                    new NodeSummary(url.formatted(2), false, 2, 2, 0),
                    new NodeSummary("nats://elsewhere:4222", true, 0, 0, 0))))
        .containsExactly("eu-1-0");
  }

  private static Decision next(
      List<PodView> pods, Set<String> current, Roll previous, Instant now) {
    return RollPlan.next(new Input("new", THREE, pods, current, previous, now, TIMEOUT));
  }

  private static List<PodView> pods(String... checksums) {
    List<PodView> out = new ArrayList<>();
    for (int i = 0; i < checksums.length; i++) {
      out.add(pod("eu-1-" + i, checksums[i], true));
    }
    return out;
  }

  private static PodView pod(String name, String checksum, boolean ready) {
    return new PodView(name, Integer.parseInt(name.substring(5)), ready, false, checksum);
  }

  private static Roll restarted(String pod, Instant at) {
    Roll r = new Roll();
    r.target = "new";
    r.startedAt = T0.toString();
    r.pod = pod;
    r.podDeletedAt = at.toString();
    return r;
  }
}
