package io.tributary.dataplane.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subjects a store holds: a small id per subject (so the sequence index keeps an int, not a
 * string), and per subject its message count and first and last sequence, so per-subject limits,
 * last-by-subject and filtered reads of a literal subject never scan the stream. Ids of subjects
 * that no longer hold messages are reused. Not thread-safe: the store's lock guards it.
 */
final class SubjectIndex {
  /** One subject's messages. */
  static final class Entry {
    final int id;
    final String subject;
    long count;
    long first; // a lower bound while firstStale
    boolean firstStale;
    long last;

    Entry(int id, String subject) {
      this.id = id;
      this.subject = subject;
    }
  }

  private final Map<String, Entry> bySubject = new HashMap<>();
  private final List<Entry> byId = new ArrayList<>();
  private final Deque<Integer> freeIds = new ArrayDeque<>();

  /** The subject's entry, created if new, with {@code seq} added as its last message. */
  Entry added(String subject, long seq) {
    Entry e = bySubject.get(subject);
    if (e == null) {
      int id = freeIds.isEmpty() ? byId.size() : freeIds.pop();
      e = new Entry(id, subject);
      if (id == byId.size()) {
        byId.add(e);
      } else {
        byId.set(id, e);
      }
      bySubject.put(subject, e);
      e.first = seq;
    }
    e.count++;
    e.last = seq;
    return e;
  }

  Entry get(String subject) {
    return bySubject.get(subject);
  }

  Entry get(int id) {
    return byId.get(id);
  }

  /** Drops one message of the subject; returns the entry, or null if the subject is now empty. */
  Entry removed(int id) {
    Entry e = byId.get(id);
    if (--e.count == 0) {
      bySubject.remove(e.subject);
      byId.set(id, null);
      freeIds.push(id);
      return null;
    }
    return e;
  }

  void clear() {
    bySubject.clear();
    byId.clear();
    freeIds.clear();
  }

  int size() {
    return bySubject.size();
  }

  Iterable<Entry> all() {
    return bySubject.values();
  }
}
