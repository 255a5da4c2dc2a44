package io.tributary.dataplane.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.Permissions;
import io.tributary.auth.subject.Subjects;

/**
 * A user's publish and subscribe permissions, as nats-server applies them. Publish: allowed if the
 * allow list is empty or matches the subject, and no deny entry matches. Subscribe: allowed if the
 * allow list is empty or the subscription is contained in an allow entry, and it is not contained
 * in a deny entry; an entry {@code "subject queue"} applies only to queue subscriptions of that
 * queue. Publish decisions are cached per subject. One per connection, used on its event loop.
 */
final class ClientPermissions {
  private static final int CACHE_MAX = 512;

  private record Entry(String subject, String queue) {
    static Entry parse(String s) {
      int space = s.indexOf(' ');
      return space < 0
          ? new Entry(s, null)
          : new Entry(s.substring(0, space), s.substring(space + 1).trim());
    }

    boolean covers(String subject, String queue) {
      return Subjects.isSubsetOf(subject, this.subject)
          && (this.queue == null || (queue != null && Subjects.matches(this.queue, queue)));
    }
  }

  private final List<String> pubAllow;
  private final List<String> pubDeny;
  private final List<Entry> subAllow;
  private final List<Entry> subDeny;
  private final Map<String, Boolean> publishCache = new HashMap<>();

  private ClientPermissions(Permission pub, Permission sub) {
    pubAllow = List.copyOf(pub.allow);
    pubDeny = List.copyOf(pub.deny);
    subAllow = entries(sub.allow);
    subDeny = entries(sub.deny);
  }

  /** The checks for these permissions, or null if they allow everything. */
  static ClientPermissions of(Permissions p) {
    if (p == null || (p.pub.isEmpty() && p.sub.isEmpty())) {
      return null;
    }
    return new ClientPermissions(p.pub, p.sub);
  }

  boolean canPublish(String subject) {
    Boolean cached = publishCache.get(subject);
    if (cached != null) {
      return cached;
    }
    boolean allowed =
        (pubAllow.isEmpty() || pubAllow.stream().anyMatch(a -> Subjects.matches(a, subject)))
            && pubDeny.stream().noneMatch(d -> Subjects.matches(d, subject));
    if (publishCache.size() >= CACHE_MAX) {
      publishCache.clear();
    }
    publishCache.put(subject, allowed);
    return allowed;
  }

  boolean canSubscribe(String subject, String queue) {
    return (subAllow.isEmpty() || subAllow.stream().anyMatch(e -> e.covers(subject, queue)))
        && subDeny.stream().noneMatch(e -> e.covers(subject, queue));
  }

  private static List<Entry> entries(List<String> raw) {
    List<Entry> out = new ArrayList<>(raw.size());
    raw.forEach(s -> out.add(Entry.parse(s)));
    return List.copyOf(out);
  }
}
