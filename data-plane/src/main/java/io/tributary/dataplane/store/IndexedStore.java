package io.tributary.dataplane.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.subject.SubjectFilter;

/**
 * The semantics both stores share: sequences, the subject and sequence indexes, limits and discard
 * policies, deletes and purges, exact usage. Subclasses say where a message's bytes are ({@link
 * #persist}, {@link #load}) and how removals are recorded. One lock (this) guards the indexes;
 * writes come from one thread at a time by the {@link StreamStore} contract.
 */
abstract class IndexedStore implements StreamStore {
  private final SeqIndex seqs = new SeqIndex();
  private final SubjectIndex subjects = new SubjectIndex();
  private StoreLimits limits;
  private long msgs;
  private long bytes;
  // Written under the lock; volatile so that a reader can tell without the lock that nothing
  // changed since it last looked (a consumer's pending count, per delivery).
  private volatile long lastSeq;
  private long lastTimestamp;
  private volatile long removals; // messages removed so far, for readers that count incrementally
  protected boolean closed;

  IndexedStore(StoreLimits limits) {
    this.limits = limits;
  }

  // ---- what a subclass provides ----

  /**
   * Records a new message; returns its location for {@link #load}. Called under the lock, in
   * sequence order.
   */
  protected abstract long persist(StoredMessage m) throws StoreException;

  /** The message at a location {@link #persist} returned (the memory store passes {@code ref}). */
  protected abstract StoredMessage load(long seq, long location, Object ref) throws StoreException;

  /** A future completed when everything persisted up to {@code seq} is durable. */
  protected abstract CompletableFuture<Long> durable(long seq);

  /** Records that {@code seq} was removed; with {@code erase}, its bytes are overwritten. */
  protected abstract void persistRemoval(long seq, long location, boolean erase)
      throws StoreException;

  /** Records that every sequence below {@code first} is gone (purges, limits). */
  protected abstract void persistFirst(long first) throws StoreException;

  /** Checked before every write: throws if the store is closed or failed. */
  protected abstract void checkWritable() throws StoreException;

  /** Memory stores keep the message object itself. */
  protected Object refFor(StoredMessage m) {
    return null;
  }

  // ---- recovery: for a subclass rebuilding its index from disk ----

  /** Re-adds a message found on disk (no limits applied; call {@link #applyLimits} after). */
  protected final void recovered(long seq, String subject, long size, long ts, long location) {
    SubjectIndex.Entry e = subjects.added(subject, seq);
    seqs.add(seq, e.id, (int) size, ts, location, null);
    msgs++;
    bytes += size;
    lastSeq = Math.max(lastSeq, seq);
    lastTimestamp = Math.max(lastTimestamp, ts);
  }

  /** A removal found on disk. */
  protected final void recoveredRemoval(long seq) {
    unindex(seq);
  }

  /** A first-sequence marker found on disk: everything below {@code first} is gone. */
  protected final void recoveredFirst(long first) {
    dropBelow(first);
    lastSeq = Math.max(lastSeq, first - 1);
  }

  /** A sequence used by a record that could not be read: it counts as assigned. */
  protected final void recoveredLast(long seq) {
    lastSeq = Math.max(lastSeq, seq);
  }

  /** Forgets everything indexed, before a subclass rebuilds the index from disk. */
  protected final void resetIndex() {
    seqs.reset(1);
    subjects.clear();
    msgs = 0;
    bytes = 0;
    lastSeq = 0;
    lastTimestamp = 0;
    removals++;
  }

  @Override
  public final long lastSeq() {
    return lastSeq;
  }

  // ---- StreamStore ----

  @Override
  public synchronized CompletableFuture<Long> append(
      String subject, byte[] headers, byte[] payload, long timestamp) throws StoreException {
    checkWritable();
    long size = StoreLimits.sizeOf(subject, headers, payload);
    if (limits.maxMsgSize() >= 0 && size > limits.maxMsgSize()) {
      throw new StoreException.MessageTooLarge(size, limits.maxMsgSize());
    }
    SubjectIndex.Entry existing = subjects.get(subject);
    boolean subjectAtLimit =
        limits.maxMsgsPerSubject() > 0
            && existing != null
            && existing.count >= limits.maxMsgsPerSubject();
    if (limits.discard() == StoreLimits.Discard.NEW) {
      if (subjectAtLimit && limits.discardNewPerSubject()) {
        throw new StoreException.SubjectFull(subject);
      }
      // A subject at its own limit replaces its oldest message, so it does not grow the stream.
      if (!subjectAtLimit) {
        if (limits.maxMsgs() >= 0 && msgs + 1 > limits.maxMsgs()) {
          throw new StoreException.StoreFull("messages");
        }
        if (limits.maxBytes() >= 0 && bytes + size > limits.maxBytes()) {
          throw new StoreException.StoreFull("bytes");
        }
      }
    }
    long seq = lastSeq + 1;
    StoredMessage m = new StoredMessage(seq, subject, headers, payload, timestamp);
    long location = persist(m);
    Object ref = refFor(m);
    SubjectIndex.Entry e = subjects.added(subject, seq);
    seqs.add(seq, e.id, (int) size, timestamp, location, ref);
    msgs++;
    bytes += size;
    lastSeq = seq;
    lastTimestamp = timestamp;
    applyLimits(e);
    return durable(seq);
  }

  /**
   * Removes what the limits no longer allow: oldest first, and a subject's oldest past its limit.
   */
  protected final void applyLimits(SubjectIndex.Entry touched) throws StoreException {
    long perSubject = limits.maxMsgsPerSubject();
    if (perSubject > 0) {
      if (touched != null) {
        while (touched.count > perSubject) {
          remove(firstOf(touched), false);
        }
      } else {
        for (SubjectIndex.Entry e : new ArrayList<>(listSubjects())) {
          while (e.count > perSubject) {
            remove(firstOf(e), false);
          }
        }
      }
    }
    long first = firstSeq();
    long newFirst = first;
    while (msgs > 0
        && ((limits.maxMsgs() >= 0 && msgs > limits.maxMsgs())
            || (limits.maxBytes() >= 0 && bytes > limits.maxBytes()))) {
      newFirst = seqs.firstAtOrAfter(newFirst);
      unindex(newFirst);
      newFirst++;
    }
    if (newFirst != first) {
      persistFirst(firstSeq());
    }
  }

  @Override
  public synchronized StoredMessage get(long seq) throws StoreException {
    if (!seqs.has(seq)) {
      return null;
    }
    return load(seq, seqs.location(seq), seqs.ref(seq));
  }

  @Override
  public synchronized StoredMessage next(long fromSeq, SubjectFilter filter) throws StoreException {
    long seq = nextSeq(fromSeq, filter);
    return seq == 0 ? null : get(seq);
  }

  // The first held sequence at or after fromSeq matching the filter, or 0.
  private long nextSeq(long fromSeq, SubjectFilter filter) {
    if (filter.isAll()) {
      return seqs.firstAtOrAfter(fromSeq);
    }
    String literal = filter.literal();
    if (literal != null) {
      SubjectIndex.Entry e = subjects.get(literal);
      if (e == null || e.last < fromSeq) {
        return 0;
      }
      long seq = Math.max(fromSeq, firstOf(e));
      while (seq <= e.last) {
        seq = seqs.firstAtOrAfter(seq);
        if (seq == 0) {
          return 0;
        }
        if (seqs.subject(seq) == e.id) {
          return seq;
        }
        seq++;
      }
      return 0;
    }
    long seq = fromSeq;
    while ((seq = seqs.firstAtOrAfter(seq)) != 0) {
      if (filter.matches(subjects.get(seqs.subject(seq)).subject)) {
        return seq;
      }
      seq++;
    }
    return 0;
  }

  @Override
  public synchronized StoredMessage lastBySubject(String subject) throws StoreException {
    if (Subjects.isValidLiteral(subject)) {
      SubjectIndex.Entry e = subjects.get(subject);
      return e == null ? null : get(e.last);
    }
    long last = 0;
    for (SubjectIndex.Entry e : subjects.all()) {
      if (e.last > last && Subjects.matches(subject, e.subject)) {
        last = e.last;
      }
    }
    return last == 0 ? null : get(last);
  }

  @Override
  public synchronized long seqAtOrAfterTime(long timestamp) {
    if (msgs == 0) {
      return 0;
    }
    long lo = firstSeq();
    long hi = lastSeq + 1;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      long s = seqs.firstAtOrAfter(mid);
      if (s == 0 || seqs.timestamp(s) >= timestamp) {
        hi = mid;
      } else {
        lo = s + 1;
      }
    }
    return seqs.firstAtOrAfter(lo);
  }

  @Override
  public synchronized Map<String, Long> subjectCounts(String filter) {
    boolean all = filter == null || filter.isEmpty() || filter.equals(">");
    Map<String, Long> out = new TreeMap<>();
    if (!all && Subjects.isValidLiteral(filter)) {
      SubjectIndex.Entry e = subjects.get(filter);
      if (e != null) {
        out.put(e.subject, (long) e.count);
      }
      return out;
    }
    for (SubjectIndex.Entry e : subjects.all()) {
      if (all || Subjects.matches(filter, e.subject)) {
        out.put(e.subject, (long) e.count);
      }
    }
    return out;
  }

  @Override
  public synchronized long numPending(long fromSeq, SubjectFilter filter) {
    long from = Math.max(fromSeq, firstSeq());
    if (from > lastSeq) {
      return 0;
    }
    if (filter.isAll()) {
      return seqs.countFrom(from);
    }
    String literal = filter.literal();
    if (literal != null) {
      SubjectIndex.Entry e = subjects.get(literal);
      if (e == null || e.last < from) {
        return 0;
      }
      if (from <= firstOf(e)) {
        return e.count;
      }
      long n = 0;
      for (long seq = from; seq <= e.last && (seq = seqs.firstAtOrAfter(seq)) != 0; seq++) {
        if (seqs.subject(seq) == e.id) {
          n++;
        }
      }
      return n;
    }
    // Whole subjects from the subject index; only subjects that straddle `from` are counted by
    // walking the sequences after it (none when a consumer starts at the stream's first message).
    long n = 0;
    Set<Integer> straddling = new HashSet<>();
    for (SubjectIndex.Entry e : subjects.all()) {
      if (e.last < from || !filter.matches(e.subject)) {
        continue;
      }
      if (from <= firstOf(e)) {
        n += e.count;
      } else {
        straddling.add(e.id);
      }
    }
    if (!straddling.isEmpty()) {
      for (long seq = from; (seq = seqs.firstAtOrAfter(seq)) != 0; seq++) {
        if (straddling.contains(seqs.subject(seq))) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public synchronized long[] lastSeqs(SubjectFilter filter) {
    long[] out;
    String literal = filter.literal();
    if (literal != null) {
      SubjectIndex.Entry e = subjects.get(literal);
      out = e == null ? new long[0] : new long[] {e.last};
    } else {
      out =
          java.util.stream.StreamSupport.stream(subjects.all().spliterator(), false)
              .filter(e -> filter.matches(e.subject))
              .mapToLong(e -> e.last)
              .toArray();
    }
    Arrays.sort(out);
    return out;
  }

  @Override
  public synchronized PendingCount pending(long fromSeq, SubjectFilter filter) {
    return new PendingCount(numPending(fromSeq, filter), lastSeq, removals);
  }

  @Override
  public synchronized String subject(long seq) {
    return seqs.has(seq) ? subjects.get(seqs.subject(seq)).subject : null;
  }

  @Override
  public long removals() {
    return removals;
  }

  @Override
  public synchronized long[] deleted() {
    if (msgs == 0) {
      return new long[0];
    }
    long first = firstSeq();
    long[] out = new long[(int) Math.min(Integer.MAX_VALUE - 8, lastSeq - first + 1 - msgs)];
    int n = 0;
    for (long seq = first; seq <= lastSeq && n < out.length; seq++) {
      if (!seqs.has(seq)) {
        out[n++] = seq;
      }
    }
    return out;
  }

  @Override
  public synchronized boolean delete(long seq, boolean erase) throws StoreException {
    checkWritable();
    if (!seqs.has(seq)) {
      return false;
    }
    boolean wasFirst = seq == firstSeq();
    remove(seq, erase);
    if (wasFirst && msgs == 0) {
      persistFirst(lastSeq + 1);
    }
    return true;
  }

  @Override
  public synchronized long purge(String filter, long upToSeq, long keep) throws StoreException {
    checkWritable();
    boolean all = filter == null || filter.equals(">");
    long before = msgs;
    if (all && keep == 0) {
      long bound = upToSeq > 0 ? Math.min(upToSeq, lastSeq + 1) : lastSeq + 1;
      if (bound > firstSeq()) {
        dropBelow(bound);
        persistFirst(bound);
      }
      return before - msgs;
    }
    if (all) {
      // Keep the newest `keep` of the whole stream.
      long target = Math.max(0, msgs - keep);
      long bound = firstSeq();
      long removed = 0;
      while (removed < target) {
        long seq = seqs.firstAtOrAfter(bound);
        if (seq == 0 || (upToSeq > 0 && seq >= upToSeq)) {
          break;
        }
        unindex(seq);
        removed++;
        bound = seq + 1;
      }
      if (removed > 0) {
        persistFirst(firstSeq());
      }
      return removed;
    }
    // A filter: per subject, as nats-server does; `keep` is per matching subject.
    for (SubjectIndex.Entry e : new ArrayList<>(listSubjects())) {
      if (!Subjects.matches(filter, e.subject)) {
        continue;
      }
      while (e.count > keep) {
        long seq = firstOf(e);
        if (upToSeq > 0 && seq >= upToSeq) {
          break;
        }
        remove(seq, false);
      }
    }
    return before - msgs;
  }

  @Override
  public synchronized void skipTo(long first) throws StoreException {
    checkWritable();
    if (msgs > 0 || first <= lastSeq + 1) {
      return;
    }
    lastSeq = first - 1;
    seqs.reset(first);
    persistFirst(first);
  }

  @Override
  public synchronized long expire(long now) throws StoreException {
    if (limits.maxAge() == null || msgs == 0) {
      return 0;
    }
    checkWritable();
    long cutoff = now - limits.maxAge().toNanos();
    long removed = 0;
    long seq = firstSeq();
    while (msgs > 0 && (seq = seqs.firstAtOrAfter(seq)) != 0 && seqs.timestamp(seq) <= cutoff) {
      unindex(seq);
      removed++;
      seq++;
    }
    if (removed > 0) {
      persistFirst(firstSeq());
    }
    return removed;
  }

  @Override
  public synchronized void limits(StoreLimits limits) throws StoreException {
    this.limits = limits;
    applyLimits(null);
  }

  @Override
  public synchronized StreamState state() {
    long first = firstSeq();
    long firstTs = msgs == 0 ? 0 : seqs.timestamp(first);
    return new StreamState(
        msgs,
        bytes,
        first,
        lastSeq,
        firstTs,
        lastTimestamp,
        subjects.size(),
        msgs == 0 ? 0 : lastSeq - first + 1 - msgs,
        corrupt());
  }

  /** Records found damaged and not served (file store). */
  protected long corrupt() {
    return 0;
  }

  // ---- internals ----

  private List<SubjectIndex.Entry> listSubjects() {
    List<SubjectIndex.Entry> out = new ArrayList<>();
    subjects.all().forEach(out::add);
    return out;
  }

  /**
   * The subject's first held sequence. Removing a subject's first message only marks it stale (a
   * scan to the next one would cost a stream-length walk per removal); it is found here, when
   * needed, from where it was.
   */
  private long firstOf(SubjectIndex.Entry e) {
    if (e.firstStale) {
      long seq = e.first + 1;
      while ((seq = seqs.firstAtOrAfter(seq)) != 0 && seqs.subject(seq) != e.id) {
        seq++;
      }
      e.first = seq;
      e.firstStale = false;
    }
    return e.first;
  }

  /** The first held sequence, or {@code lastSeq + 1} when empty. */
  private long firstSeq() {
    if (msgs == 0) {
      return lastSeq + 1;
    }
    return seqs.firstAtOrAfter(0);
  }

  private void remove(long seq, boolean erase) throws StoreException {
    long location = seqs.location(seq);
    unindex(seq);
    persistRemoval(seq, location, erase);
  }

  private void dropBelow(long first) {
    long seq = 0;
    while (msgs > 0 && (seq = seqs.firstAtOrAfter(seq)) != 0 && seq < first) {
      unindex(seq);
      seq++;
    }
    if (msgs == 0) {
      seqs.reset(Math.max(first, lastSeq + 1));
    }
  }

  // The subject's newest held sequence below `seq` (deleting a subject's newest message is rare).
  private long findBack(long seq, SubjectIndex.Entry e) {
    long prev = seq - 1;
    while (prev > 0 && !(seqs.has(prev) && seqs.subject(prev) == e.id)) {
      prev--;
    }
    return prev;
  }

  // Takes a message out of the indexes and the usage, keeping the subject's first sequence right.
  private void unindex(long seq) {
    if (!seqs.has(seq)) {
      return;
    }
    int id = seqs.subject(seq);
    long size = seqs.size(seq);
    seqs.remove(seq);
    removals++;
    msgs--;
    bytes -= size;
    if (msgs == 0) {
      seqs.reset(lastSeq + 1);
    }
    SubjectIndex.Entry e = subjects.removed(id);
    if (e == null) {
      return;
    }
    if (e.count == 1) {
      // One left, both first and last: a KV key's latest value after its previous one goes.
      long remaining = seq == e.last ? firstOf(e) : e.last;
      e.first = remaining;
      e.last = remaining;
      e.firstStale = false;
    } else if (e.first == seq) {
      e.firstStale = true;
    } else if (e.last == seq) {
      e.last = findBack(seq, e);
    }
  }
}
