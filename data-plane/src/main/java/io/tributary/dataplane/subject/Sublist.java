package io.tributary.dataplane.subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import io.tributary.auth.subject.Subjects;

/**
 * The subscription index of one account: a trie of subject tokens with {@code *} and {@code >}
 * branches, as nats-server's {@code sublist.go}. Matches are cached per literal subject; an insert
 * or remove evicts exactly the cached subjects its subject matches, so the cache is never stale.
 *
 * <p>Thread-safe: matches take the read lock (or hit the cache without locking), changes the write
 * lock. A result is put in the cache while the read lock is still held, so no change can slip
 * between computing and caching it.
 *
 * <p>One-off subjects ({@link #matchOnce}: a request's reply inbox, {@code _INBOX.id.n}) are not
 * cached by subject; but when no subscription names a literal last token under their prefix (the
 * client subscribed {@code _INBOX.id.*}), every subject under that prefix matches the same, and the
 * result is kept per prefix until the next insert or remove.
 *
 * @param <T> the subscription type
 */
public final class Sublist<T extends Sublist.Member> {
  /** What the index needs to know of a subscription. */
  public interface Member {
    String subject();

    /** The queue group, or null. */
    String queue();
  }

  /** Cached subjects above this are swept, as nats-server's {@code slCacheMax}. */
  static final int CACHE_MAX = 1024;

  private static final int CACHE_SWEEP_TO = CACHE_MAX * 3 / 4;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Level<T> root = new Level<>();
  private final ConcurrentHashMap<String, SublistResult<T>> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ByPrefix<T>> byPrefix = new ConcurrentHashMap<>();
  private volatile long generation; // written under the write lock, by every insert and remove
  private final LongAdder matches = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private long inserts;
  private long removes;
  private int count;

  /** Adds a subscription; its subject must be valid. */
  public void insert(T sub) {
    String[] tokens = tokens(sub.subject());
    lock.writeLock().lock();
    try {
      Level<T> level = root;
      Node<T> node = null;
      for (int i = 0; i < tokens.length; i++) {
        if (node != null) {
          if (node.next == null) {
            node.next = new Level<>(); // only where a deeper token needs it: leaves have none
          }
          level = node.next;
        }
        node = level.child(tokens[i], true);
      }
      node.add(sub);
      count++;
      inserts++;
      generation++;
      invalidate(sub.subject());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes a subscription; returns false if it was not there. */
  public boolean remove(T sub) {
    String[] tokens = tokens(sub.subject());
    lock.writeLock().lock();
    try {
      Node<T>[] path = newPath(tokens.length);
      Level<T>[] levels = newLevels(tokens.length);
      Level<T> level = root;
      for (int i = 0; i < tokens.length; i++) {
        Node<T> node = level == null ? null : level.child(tokens[i], false);
        if (node == null) {
          return false;
        }
        levels[i] = level;
        path[i] = node;
        level = node.next;
      }
      if (!path[tokens.length - 1].remove(sub)) {
        return false;
      }
      // Prune nodes that became empty, from the leaf up.
      for (int i = tokens.length - 1; i >= 0; i--) {
        Node<T> n = path[i];
        if (!n.isEmpty() || (n.next != null && !n.next.isEmpty())) {
          break;
        }
        levels[i].prune(tokens[i]);
      }
      count--;
      removes++;
      generation++;
      invalidate(sub.subject());
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The subscriptions matching a literal subject. */
  public SublistResult<T> match(String subject) {
    return match(subject, true);
  }

  /**
   * {@link #match} for a subject that will not be seen again (a request's reply inbox): answered
   * from the cache if there, but not added to it, so one-off subjects neither pay for an insert nor
   * push the subjects that do repeat out of the cache.
   */
  public SublistResult<T> matchOnce(String subject) {
    return match(subject, false);
  }

  private SublistResult<T> match(String subject, boolean keep) {
    matches.increment();
    SublistResult<T> cached = cache.get(subject);
    if (cached != null) {
      cacheHits.increment();
      return cached;
    }
    String prefix = null;
    if (!keep) {
      int dot = subject.lastIndexOf(Subjects.SEPARATOR);
      if (dot > 0) {
        prefix = subject.substring(0, dot);
        ByPrefix<T> p = byPrefix.get(prefix);
        if (p != null && p.generation() == generation) {
          cacheHits.increment();
          return p.result();
        }
      }
    }
    String[] tokens = tokens(subject);
    lock.readLock().lock();
    try {
      Matches<T> found = new Matches<>();
      collect(root, tokens, 0, found);
      SublistResult<T> result = found.result();
      if (keep) {
        if (cache.size() >= CACHE_MAX) {
          sweep(cache);
        }
        cache.put(subject, result);
      } else if (prefix != null && !found.lastTokenNamed) {
        if (byPrefix.size() >= CACHE_MAX) {
          sweep(byPrefix);
        }
        byPrefix.put(prefix, new ByPrefix<>(generation, result));
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  // A result kept for every subject under a prefix, valid while the index is at that generation.
  private record ByPrefix<T>(long generation, SublistResult<T> result) {}

  // What a match collects; the queue groups' map only when one matched.
  private static final class Matches<T> {
    final List<T> plain = new ArrayList<>(4);
    Map<String, List<T>> queues;
    // A level reached for the last token has literal tokens: the result depends on that token.
    boolean lastTokenNamed;

    SublistResult<T> result() {
      return SublistResult.of(plain, queues == null ? Map.of() : queues);
    }
  }

  public int count() {
    lock.readLock().lock();
    try {
      return count;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Calls {@code action} for every subscription (under the read lock: do not change the index from
   * it).
   */
  public void forEach(Consumer<T> action) {
    lock.readLock().lock();
    try {
      root.forEach(action);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Counters for monitoring. */
  public Stats stats() {
    lock.readLock().lock();
    try {
      long m = matches.sum();
      return new Stats(
          count, cache.size(), inserts, removes, m, m == 0 ? 0 : (double) cacheHits.sum() / m);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sublist counters, named as nats-server's {@code /subsz}. */
  public record Stats(
      int subscriptions,
      int cacheEntries,
      long inserts,
      long removes,
      long matches,
      double cacheHitRate) {}

  // Caller holds the write lock.
  private void invalidate(String subject) {
    if (Subjects.hasWildcard(subject)) {
      cache.keySet().removeIf(cached -> Subjects.matches(subject, cached));
    } else {
      cache.remove(subject);
    }
  }

  // Caller holds the read lock; concurrent sweeps are harmless.
  private static void sweep(Map<String, ?> cache) {
    Iterator<String> it = cache.keySet().iterator();
    while (cache.size() > CACHE_SWEEP_TO && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static <T> void collect(Level<T> level, String[] tokens, int i, Matches<T> out) {
    if (level == null) {
      return;
    }
    if (level.fwc != null) {
      level.fwc.addTo(out);
    }
    boolean last = i == tokens.length - 1;
    Node<T> literal = null;
    if (level.nodes != null && !level.nodes.isEmpty()) {
      literal = level.nodes.get(tokens[i]);
      out.lastTokenNamed |= last;
    }
    if (last) {
      if (level.pwc != null) {
        level.pwc.addTo(out);
      }
      if (literal != null) {
        literal.addTo(out);
      }
    } else {
      if (level.pwc != null) {
        collect(level.pwc.next, tokens, i + 1, out);
      }
      if (literal != null) {
        collect(literal.next, tokens, i + 1, out);
      }
    }
  }

  private static String[] tokens(String subject) {
    String[] tokens = new String[Subjects.tokenCount(subject)];
    int start = 0;
    int t = 0;
    for (int i = 0; i <= subject.length(); i++) {
      if (i == subject.length() || subject.charAt(i) == Subjects.SEPARATOR) {
        tokens[t++] = subject.substring(start, i);
        start = i + 1;
      }
    }
    return tokens;
  }

  @SuppressWarnings("unchecked")
  private static <T> Node<T>[] newPath(int n) {
    return new Node[n];
  }

  @SuppressWarnings("unchecked")
  private static <T> Level<T>[] newLevels(int n) {
    return new Level[n];
  }

  private static final class Level<T> {
    HashMap<String, Node<T>> nodes;
    Node<T> pwc;
    Node<T> fwc;

    Node<T> child(String token, boolean create) {
      if (token.equals(Subjects.SINGLE_WILDCARD)) {
        if (pwc == null && create) {
          pwc = new Node<>();
        }
        return pwc;
      }
      if (token.equals(Subjects.FULL_WILDCARD)) {
        if (fwc == null && create) {
          fwc = new Node<>();
        }
        return fwc;
      }
      if (nodes == null) {
        if (!create) {
          return null;
        }
        nodes = new HashMap<>();
      }
      return create ? nodes.computeIfAbsent(token, k -> new Node<>()) : nodes.get(token);
    }

    void prune(String token) {
      if (token.equals(Subjects.SINGLE_WILDCARD)) {
        pwc = null;
      } else if (token.equals(Subjects.FULL_WILDCARD)) {
        fwc = null;
      } else if (nodes != null) {
        nodes.remove(token);
      }
    }

    boolean isEmpty() {
      return (nodes == null || nodes.isEmpty()) && pwc == null && fwc == null;
    }

    void forEach(Consumer<T> action) {
      if (nodes != null) {
        nodes.values().forEach(n -> n.forEach(action));
      }
      if (pwc != null) {
        pwc.forEach(action);
      }
      if (fwc != null) {
        fwc.forEach(action);
      }
    }
  }

  /**
   * The subscriptions of one subject. Most subjects have exactly one plain subscriber (an inbox, a
   * per-entity subject), so {@code plain} holds that one directly and becomes a list only for a
   * second: a node may hold millions of these.
   */
  private static final class Node<T> {
    Level<T> next;
    Object plain; // null, one T, or an ArrayList<T>
    Map<String, List<T>> queues;

    void add(T sub) {
      String q = ((Member) sub).queue();
      if (q == null) {
        if (plain == null) {
          plain = sub;
        } else if (plain instanceof ArrayList<?> list) {
          plainList(list).add(sub);
        } else {
          List<T> list = new ArrayList<>(2);
          list.add(single());
          list.add(sub);
          plain = list;
        }
      } else {
        if (queues == null) {
          queues = new LinkedHashMap<>();
        }
        queues.computeIfAbsent(q, k -> new ArrayList<>(2)).add(sub);
      }
    }

    boolean remove(T sub) {
      String q = ((Member) sub).queue();
      if (q == null) {
        if (plain instanceof ArrayList<?> list) {
          List<T> l = plainList(list);
          if (!l.remove(sub)) {
            return false;
          }
          if (l.size() == 1) {
            plain = l.get(0);
          }
          return true;
        }
        if (plain == sub) {
          plain = null;
          return true;
        }
        return false;
      }
      List<T> group = queues == null ? null : queues.get(q);
      if (group == null || !group.remove(sub)) {
        return false;
      }
      if (group.isEmpty()) {
        queues.remove(q);
      }
      return true;
    }

    boolean isEmpty() {
      return plain == null && (queues == null || queues.isEmpty());
    }

    void addTo(Matches<T> out) {
      if (plain instanceof ArrayList<?> list) {
        out.plain.addAll(plainList(list));
      } else if (plain != null) {
        out.plain.add(single());
      }
      if (queues != null && !queues.isEmpty()) {
        if (out.queues == null) {
          out.queues = new LinkedHashMap<>();
        }
        queues.forEach(
            (q, members) -> out.queues.computeIfAbsent(q, k -> new ArrayList<>()).addAll(members));
      }
      // next is searched by collect() for deeper tokens; a node's own subs match only at its depth.
    }

    void forEach(Consumer<T> action) {
      forEachPlain(action);
      if (queues != null) {
        queues.values().forEach(l -> l.forEach(action));
      }
      if (next != null) {
        next.forEach(action);
      }
    }

    private void forEachPlain(Consumer<T> action) {
      if (plain instanceof ArrayList<?> list) {
        plainList(list).forEach(action);
      } else if (plain != null) {
        action.accept(single());
      }
    }

    @SuppressWarnings("unchecked")
    private T single() {
      return (T) plain;
    }

    @SuppressWarnings("unchecked")
    private List<T> plainList(ArrayList<?> list) {
      return (List<T>) list;
    }
  }
}
