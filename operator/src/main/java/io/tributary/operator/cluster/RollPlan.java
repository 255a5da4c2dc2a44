package io.tributary.operator.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Pod;
import io.tributary.operator.controlplane.ControlPlaneClient.NodeSummary;
import io.tributary.operator.crd.TributaryClusterStatus.Roll;

/**
 * The roller's next step: the StatefulSet is {@code OnDelete}, so a pod runs a new spec only once
 * the operator deletes it. One pod at a time, highest ordinal first; the next only when the last
 * one restarted is Ready on the new spec and its node current with its accounts in the control
 * plane, and never while another pod is down. A restarted pod that is not back within the timeout
 * stops the roll until it recovers or the spec changes (a new target). A pure function: the roll so
 * far is kept in the status.
 */
public final class RollPlan {
  private RollPlan() {}

  /** A pod as the roller sees it. */
  public record PodView(
      String name, int ordinal, boolean ready, boolean terminating, String checksum) {
    /** From a pod of the cluster's StatefulSet. */
    public static PodView of(Pod pod) {
      String name = pod.getMetadata().getName();
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      boolean ready =
          pod.getStatus() != null
              && pod.getStatus().getConditions() != null
              && pod.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      return new PodView(
          name,
          Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)),
          ready,
          pod.getMetadata().getDeletionTimestamp() != null,
          annotations == null ? null : annotations.get(DesiredResources.CONFIG_CHECKSUM));
    }

    boolean up() {
      return ready && !terminating;
    }
  }

  /**
   * What the roller looks at.
   *
   * @param target the pod template's checksum ({@link DesiredResources#checksum})
   * @param podNames the pods the spec asks for, by ordinal
   * @param pods the cluster's pods as listed now
   * @param nodesCurrent the pods whose node the control plane reports connected and current with
   *     every account placed on the cluster
   * @param previous the roll in the status (null: none)
   */
  public record Input(
      String target,
      List<String> podNames,
      List<PodView> pods,
      Set<String> nodesCurrent,
      Roll previous,
      Instant now,
      Duration timeout) {}

  /** What to do now. */
  public sealed interface Step {
    /** Every pod runs the target: no roll. */
    record Done() implements Step {}

    /** Delete this pod: the StatefulSet makes it again on the new spec. */
    record Restart(String pod) implements Step {}

    /** The pod restarted last is not Ready on the new spec yet. */
    record WaitReady(String pod) implements Step {}

    /** A restarted pod is Ready, its node not yet current with its accounts. */
    record WaitAccounts(String pod) implements Step {}

    /** Pods down that the roll did not take down: none is restarted while they are. */
    record Blocked(List<String> pods) implements Step {}

    /** The pod restarted last is not back within the timeout: the roll stops. */
    record Stuck(String pod, String why) implements Step {}
  }

  /** The step, and the roll to keep in the status (null when done). */
  public record Decision(Step step, Roll roll) {}

  public static Decision next(Input in) {
    List<String> outdated =
        in.pods().stream()
            .filter(p -> wanted(in, p) && !in.target().equals(p.checksum()))
            .sorted(Comparator.comparingInt(PodView::ordinal).reversed())
            .map(PodView::name)
            .toList();
    Roll previous =
        in.previous() != null && in.target().equals(in.previous().target) ? in.previous() : null;
    String startedAt = previous != null ? previous.startedAt : in.now().toString();

    // (a pod scaled away meanwhile is not waited for)
    if (previous != null && previous.pod != null && in.podNames().contains(previous.pod)) {
      Optional<PodView> last = find(in, previous.pod);
      boolean late = in.now().isAfter(Instant.parse(previous.podDeletedAt).plus(in.timeout()));
      if (last.isEmpty() || !last.get().up() || !in.target().equals(last.get().checksum())) {
        Step step =
            late
                ? new Step.Stuck(
                    previous.pod, "not Ready within " + in.timeout().toSeconds() + " s")
                : new Step.WaitReady(previous.pod);
        return new Decision(step, roll(in, startedAt, outdated, previous));
      }
      if (!in.nodesCurrent().contains(previous.pod)) {
        Step step =
            late
                ? new Step.Stuck(
                    previous.pod,
                    "not current with its accounts within " + in.timeout().toSeconds() + " s")
                : new Step.WaitAccounts(previous.pod);
        return new Decision(step, roll(in, startedAt, outdated, previous));
      }
    }
    if (outdated.isEmpty()) {
      return new Decision(new Step.Done(), null);
    }

    List<String> down =
        in.podNames().stream().filter(n -> find(in, n).map(p -> !p.up()).orElse(true)).toList();
    if (!down.isEmpty()) {
      // A lone pod that is down and outdated is restarted first (it takes no second node down):
      // this is how a stuck roll continues once the spec is fixed.
      String only = down.getFirst();
      boolean restartable =
          down.size() == 1
              && outdated.contains(only)
              && find(in, only).map(p -> !p.terminating()).orElse(false);
      // A lone pod down on the target with no restart on record (the record lost with a stale
      // status, or the pod recreated by the StatefulSet) is waited for as the roll's own, so
      // that it too stops the roll when it is not back within the timeout.
      boolean adoptable =
          down.size() == 1
              && (previous == null || previous.pod == null)
              && find(in, only)
                  .map(p -> !p.terminating() && in.target().equals(p.checksum()))
                  .orElse(false);
      if (adoptable) {
        return new Decision(new Step.WaitReady(only), restarting(in, startedAt, outdated, only));
      }
      if (!restartable) {
        return new Decision(new Step.Blocked(down), roll(in, startedAt, outdated, previous));
      }
      return restart(in, startedAt, outdated, only);
    }

    // A pod rolled earlier whose node has not caught up (its wait lost with a stale status).
    Set<String> notRolled = Set.copyOf(outdated);
    Optional<String> behind =
        in.pods().stream()
            .filter(p -> wanted(in, p) && !notRolled.contains(p.name()))
            .map(PodView::name)
            .filter(n -> !in.nodesCurrent().contains(n))
            .sorted()
            .findFirst();
    if (behind.isPresent()) {
      return new Decision(
          new Step.WaitAccounts(behind.get()), roll(in, startedAt, outdated, previous));
    }
    return restart(in, startedAt, outdated, outdated.getFirst());
  }

  /**
   * The pods (by name, {@code <cluster>-<i>}) whose node the control plane reports connected and
   * with every account current, from its cluster status (nodes by client URL).
   */
  public static Set<String> nodesCurrent(ClusterNames names, List<NodeSummary> nodes) {
    List<String> urls = names.clientUrls();
    return nodes.stream()
        .filter(n -> n.connected() && n.pending() == 0 && n.current() == n.accounts())
        .map(n -> urls.indexOf(n.url()))
        .filter(i -> i >= 0)
        .map(names::pod)
        .collect(Collectors.toSet());
  }

  private static Decision restart(Input in, String startedAt, List<String> outdated, String pod) {
    return new Decision(new Step.Restart(pod), restarting(in, startedAt, outdated, pod));
  }

  // The roll with `pod` as the one restarted now.
  private static Roll restarting(Input in, String startedAt, List<String> outdated, String pod) {
    Roll r = new Roll();
    r.target = in.target();
    r.startedAt = startedAt;
    r.pending = outdated.stream().filter(p -> !p.equals(pod)).toList();
    r.pod = pod;
    r.podDeletedAt = in.now().toString();
    return r;
  }

  private static Roll roll(Input in, String startedAt, List<String> outdated, Roll previous) {
    Roll r = new Roll();
    r.target = in.target();
    r.startedAt = startedAt;
    r.pending = outdated;
    if (previous != null) {
      r.pod = previous.pod;
      r.podDeletedAt = previous.podDeletedAt;
    }
    return r;
  }

  private static Optional<PodView> find(Input in, String name) {
    return in.pods().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  // A pod beyond the replicas is being scaled away, not rolled.
  private static boolean wanted(Input in, PodView p) {
    return in.podNames().contains(p.name());
  }
}
