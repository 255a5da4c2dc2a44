package io.tributary.dataplane.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.auth.subject.Subjects;

/** The store's semantics written as plainly as possible, to test the real stores against. */
final class NaiveStore {
  final TreeMap<Long, StoredMessage> msgs = new TreeMap<>();
  StoreLimits limits;
  long last;

  NaiveStore(StoreLimits limits) {
    this.limits = limits;
  }

  /** The new sequence, or the exception the store must throw. */
  Object append(String subject, byte[] headers, byte[] payload, long ts) {
    long size = StoreLimits.sizeOf(subject, headers, payload);
    if (limits.maxMsgSize() >= 0 && size > limits.maxMsgSize()) {
      return StoreException.MessageTooLarge.class;
    }
    long perSubject = count(subject);
    boolean atLimit = limits.maxMsgsPerSubject() > 0 && perSubject >= limits.maxMsgsPerSubject();
    if (limits.discard() == StoreLimits.Discard.NEW) {
      if (atLimit && limits.discardNewPerSubject()) {
        return StoreException.SubjectFull.class;
      }
      if (!atLimit
          && ((limits.maxMsgs() >= 0 && msgs.size() + 1 > limits.maxMsgs())
              || (limits.maxBytes() >= 0 && bytes() + size > limits.maxBytes()))) {
        return StoreException.StoreFull.class;
      }
    }
    long seq = ++last;
    msgs.put(seq, new StoredMessage(seq, subject, headers, payload, ts));
    applyLimits();
    return seq;
  }

  void applyLimits() {
    if (limits.maxMsgsPerSubject() > 0) {
      for (String subject : subjects()) {
        while (count(subject) > limits.maxMsgsPerSubject()) {
          msgs.remove(firstOf(subject));
        }
      }
    }
    while (!msgs.isEmpty()
        && ((limits.maxMsgs() >= 0 && msgs.size() > limits.maxMsgs())
            || (limits.maxBytes() >= 0 && bytes() > limits.maxBytes()))) {
      msgs.pollFirstEntry();
    }
  }

  long purge(String filter, long upTo, long keep) {
    int before = msgs.size();
    boolean all = filter == null || filter.equals(">");
    if (all) {
      List<Long> seqs = new ArrayList<>(msgs.keySet());
      long target = Math.max(0, msgs.size() - keep);
      for (int i = 0; i < target; i++) {
        if (upTo > 0 && seqs.get(i) >= upTo) {
          break;
        }
        msgs.remove(seqs.get(i));
      }
    } else {
      for (String subject : subjects()) {
        if (!Subjects.matches(filter, subject)) {
          continue;
        }
        while (count(subject) > keep) {
          long first = firstOf(subject);
          if (upTo > 0 && first >= upTo) {
            break;
          }
          msgs.remove(first);
        }
      }
    }
    return before - msgs.size();
  }

  long expire(long now) {
    if (limits.maxAge() == null) {
      return 0;
    }
    long cutoff = now - limits.maxAge().toNanos();
    int before = msgs.size();
    msgs.values().removeIf(m -> m.timestamp() <= cutoff);
    return before - msgs.size();
  }

  StoredMessage next(long from, String filter) {
    for (Map.Entry<Long, StoredMessage> e : msgs.tailMap(from, true).entrySet()) {
      if (filter == null || Subjects.matches(filter, e.getValue().subject())) {
        return e.getValue();
      }
    }
    return null;
  }

  StoredMessage lastBySubject(String subject) {
    return msgs.descendingMap().values().stream()
        .filter(m -> m.subject().equals(subject))
        .findFirst()
        .orElse(null);
  }

  long bytes() {
    return msgs.values().stream().mapToLong(StoredMessage::size).sum();
  }

  long firstSeq() {
    return msgs.isEmpty() ? last + 1 : msgs.firstKey();
  }

  List<String> subjects() {
    return msgs.values().stream().map(StoredMessage::subject).distinct().toList();
  }

  private long count(String subject) {
    return msgs.values().stream().filter(m -> m.subject().equals(subject)).count();
  }

  private long firstOf(String subject) {
    return msgs.values().stream()
        .filter(m -> m.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .seq();
  }
}
