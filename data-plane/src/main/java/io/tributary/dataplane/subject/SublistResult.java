package io.tributary.dataplane.subject;

import java.util.List;
import java.util.Map;

/**
 * The subscriptions matching one subject: every plain subscription gets the message, and one member
 * of each queue group. Immutable, so it is shared through the match cache.
 *
 * @param plain plain subscriptions
 * @param queueGroups members of each queue group that matched, one list per group name
 * @param <T> the subscription type
 */
public record SublistResult<T>(List<T> plain, List<List<T>> queueGroups) {

  static <T> SublistResult<T> of(List<T> plain, Map<String, List<T>> queues) {
    return new SublistResult<>(
        List.copyOf(plain),
        queues.isEmpty() ? List.of() : queues.values().stream().map(List::copyOf).toList());
  }

  public boolean isEmpty() {
    return plain.isEmpty() && queueGroups.isEmpty();
  }
}
