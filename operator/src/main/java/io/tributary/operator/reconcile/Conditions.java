package io.tributary.operator.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The three conditions every resource of the operator reports, built against the previous ones: a
 * condition keeps its transition time while its status stays the same.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  /** Ready's reason when a reconcile failed, unless the spec is invalid. */
  public static final String NOT_SYNCED = "NotSynced";

  /** Degraded's reason when nothing is wrong. */
  private static final String AS_EXPECTED = "AsExpected";

  private final List<Condition> old;
  private final Long generation;
  private final String now;

  /**
   * @param old the conditions in the status so far (null: none)
   * @param generation the spec's generation the new conditions describe
   */
  public Conditions(List<Condition> old, Long generation, Instant now) {
    this.old = old == null ? List.of() : old;
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public Condition of(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since = now;
    for (Condition c : old) {
      if (type.equals(c.getType()) && value.equals(c.getStatus())) {
        since = c.getLastTransitionTime();
      }
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** Ready False after a failed reconcile: {@code InvalidSpec}, else {@code NotSynced}. */
  public Condition notSynced(Trouble trouble) {
    return of(
        READY,
        false,
        trouble.isInvalidSpec() ? Trouble.INVALID_SPEC : NOT_SYNCED,
        trouble.message());
  }

  /** Degraded: {@code AsExpected} without trouble, else its reason and message. */
  public Condition degraded(Trouble trouble) {
    return trouble == null
        ? of(DEGRADED, false, AS_EXPECTED, "")
        : of(DEGRADED, true, trouble.reason(), trouble.message());
  }
}
