package io.tributary.dataplane.account;

import java.util.ArrayList;
import java.util.List;

/**
 * The other nodes one message goes to while it is routed, each once, with the queue groups picked
 * for it there. A short list: a cluster has a handful of nodes.
 */
final class RouteTargets {
  private final List<RouteSubscriber> routes = new ArrayList<>(4);
  private final List<List<String>> queues = new ArrayList<>(4);

  /** {@code targets} (made if null) with {@code route} in it, and {@code queue} if not null. */
  static RouteTargets add(RouteTargets targets, RouteSubscriber route, String queue) {
    RouteTargets t = targets == null ? new RouteTargets() : targets;
    int i = t.routes.indexOf(route);
    if (i < 0) {
      t.routes.add(route);
      t.queues.add(queue == null ? List.of() : new ArrayList<>(List.of(queue)));
    } else if (queue != null) {
      List<String> q = t.queues.get(i);
      if (q.isEmpty()) {
        q = new ArrayList<>();
        t.queues.set(i, q);
      }
      q.add(queue);
    }
    return t;
  }

  /** Forwards the message over each route; returns how many took it. */
  int forward(
      Account account,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    int n = 0;
    for (int i = 0; i < routes.size(); i++) {
      if (routes
          .get(i)
          .forward(account, subject, reply, queues.get(i), buf, offset, size, headerSize)) {
        n++;
      }
    }
    return n;
  }
}
