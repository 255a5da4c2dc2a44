package io.tributary.dataplane.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.Permissions;
import io.tributary.auth.claims.ResponsePermission;
import io.tributary.auth.subject.Subjects;

/**
 * A user's publish, subscribe and response permissions, as nats-server applies them. Publish:
 * allowed if the allow list is empty or matches the subject, and no deny entry matches. Subscribe:
 * allowed if the allow list is empty or the subscription is contained in an allow entry, and it is
 * not contained in a deny entry; an entry {@code "subject queue"} applies only to queue
 * subscriptions of that queue. Response permissions additionally allow publishing to the reply
 * subjects of messages received, at most {@code max} times within {@code ttl} (defaults 1 and 2
 * minutes); with them, an empty publish allow list allows nothing else. Static publish decisions
 * are cached per subject. One per connection: checks run on its event loop, {@link #received} on
 * any delivering thread.
 */
final class ClientPermissions {
  private static final int CACHE_MAX = 512;
  private static final long DEFAULT_RESPONSE_TTL_NANOS = Duration.ofMinutes(2).toNanos();
  private static final int REPLIES_PRUNE_AT = 4096;

  private record Reply(long since, AtomicInteger sent) {}

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
  private final boolean pubAllowAll;
  private final Map<String, Boolean> publishCache = new HashMap<>();
  private final int maxResponses;
  private final long responseTtlNanos;
  private final Map<String, Reply> replies; // null without response permissions

  private ClientPermissions(Permission pub, Permission sub, ResponsePermission resp) {
    pubAllow = List.copyOf(pub.allow);
    pubDeny = List.copyOf(pub.deny);
    subAllow = entries(sub.allow);
    subDeny = entries(sub.deny);
    pubAllowAll = pubAllow.isEmpty() && resp == null;
    maxResponses = resp == null || resp.maxMsgs == 0 ? 1 : resp.maxMsgs;
    responseTtlNanos =
        resp == null || resp.expiresNanos == 0 ? DEFAULT_RESPONSE_TTL_NANOS : resp.expiresNanos;
    replies = resp == null ? null : new ConcurrentHashMap<>();
  }

  /** The checks for these permissions, or null if they allow everything. */
  static ClientPermissions of(Permissions p) {
    if (p == null || p.isEmpty()) {
      return null;
    }
    return new ClientPermissions(p.pub, p.sub, p.resp);
  }

  boolean canPublish(String subject) {
    Boolean cached = publishCache.get(subject);
    if (cached == null) {
      cached =
          (pubAllowAll || pubAllow.stream().anyMatch(a -> Subjects.matches(a, subject)))
              && pubDeny.stream().noneMatch(d -> Subjects.matches(d, subject));
      if (publishCache.size() >= CACHE_MAX) {
        publishCache.clear();
      }
      publishCache.put(subject, cached);
    }
    return cached || canRespond(subject);
  }

  /** True if this user tracks reply subjects it received (it has response permissions). */
  boolean tracksReplies() {
    return replies != null;
  }

  /** Records a reply subject of a message delivered to this user. Any thread. */
  void received(String reply) {
    long now = System.nanoTime();
    replies.put(reply, new Reply(now, new AtomicInteger()));
    if (replies.size() > REPLIES_PRUNE_AT) {
      replies
          .values()
          .removeIf(r -> expired(r, now) || (maxResponses > 0 && r.sent().get() >= maxResponses));
    }
  }

  private boolean canRespond(String subject) {
    if (replies == null) {
      return false;
    }
    Reply r = replies.get(subject);
    if (r == null) {
      return false;
    }
    if ((maxResponses > 0 && r.sent().incrementAndGet() > maxResponses)
        || expired(r, System.nanoTime())) {
      replies.remove(subject, r);
      return false;
    }
    return true;
  }

  private boolean expired(Reply r, long now) {
    return responseTtlNanos > 0 && now - r.since() > responseTtlNanos;
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
