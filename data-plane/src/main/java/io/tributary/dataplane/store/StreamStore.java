package io.tributary.dataplane.store;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tributary.dataplane.subject.SubjectFilter;

/**
 * One stream's messages. Writes ({@link #append}, {@link #delete}, {@link #purge}, {@link #expire})
 * come from one thread at a time — the stream's, or later the replicated log's apply thread, so
 * they are applied in one decided order; reads may come from any thread.
 *
 * <p>{@link #append} assigns the next sequence and applies the limits at once (so a reader sees the
 * message, and the next append its effects), and returns a future that completes when the message
 * is durable: for the file store, after it was fsynced (with every other append that arrived
 * meanwhile: group commit). Only then may the publisher be acknowledged.
 */
public interface StreamStore extends AutoCloseable {
  /**
   * Appends a message.
   *
   * @param timestamp nanoseconds since the epoch
   * @return its sequence, once durable; a {@link StoreException.StorageFailure} if it could not be
   *     made durable
   * @throws StoreException if a limit refuses it or the store is closed or failed
   */
  CompletableFuture<Long> append(String subject, byte[] headers, byte[] payload, long timestamp)
      throws StoreException;

  /** The message at {@code seq}, or null if the stream does not hold it. */
  StoredMessage get(long seq) throws StoreException;

  /** The first message at or after {@code fromSeq} whose subject the filter takes, or null. */
  StoredMessage next(long fromSeq, SubjectFilter filter) throws StoreException;

  /**
   * The first message at or after {@code fromSeq} whose subject matches {@code filter} (wildcards
   * allowed; null or {@code >} matches all), or null.
   */
  default StoredMessage next(long fromSeq, String filter) throws StoreException {
    return next(fromSeq, SubjectFilter.of(filter));
  }

  /**
   * The last message on a subject, or null; a literal subject is one index look-up, a wildcard
   * compares the last sequence of each matching subject (never a scan of the messages).
   */
  StoredMessage lastBySubject(String subject) throws StoreException;

  /**
   * The first held sequence whose timestamp is at or after {@code timestamp} (nanoseconds), or 0: a
   * binary search of the in-memory sequence index, not a scan (timestamps never go backwards).
   */
  long seqAtOrAfterTime(long timestamp);

  /** How many messages each held subject matching {@code filter} (wildcards allowed) has. */
  Map<String, Long> subjectCounts(String filter);

  /**
   * How many held messages at or after {@code fromSeq} the filter takes, counted in the in-memory
   * indexes without reading a message: from the subject index when {@code fromSeq} is at or before
   * each matching subject's first message (a consumer starting at the beginning never walks the
   * stream), by walking the sequence index after {@code fromSeq} otherwise.
   */
  long numPending(long fromSeq, SubjectFilter filter);

  /** {@link #numPending(long, SubjectFilter)} with one filter (null or {@code >}: all). */
  default long numPending(long fromSeq, String filter) {
    return numPending(fromSeq, SubjectFilter.of(filter));
  }

  /**
   * {@link #numPending(long, SubjectFilter)} with the last sequence and the removal count it was
   * taken at, read together: a reader that counts incrementally adds what arrives after {@code
   * lastSeq} and knows its count holds while {@link #removals} has not moved.
   */
  PendingCount pending(long fromSeq, SubjectFilter filter);

  /** A count of pending messages, the last sequence and the removal count it was taken at. */
  record PendingCount(long count, long lastSeq, long removals) {}

  /** The subject of a held message (from the index, nothing read), or null. */
  String subject(long seq);

  /** The last sequence of every held subject the filter takes, ascending (subject index only). */
  long[] lastSeqs(SubjectFilter filter);

  /**
   * How many messages were removed so far (by any means): a reader that counts incrementally knows
   * its count still holds while this has not changed. Read without the store's lock.
   */
  long removals();

  /** The last sequence assigned (0 when none), read without the store's lock. */
  long lastSeq();

  /** The sequences between the first and the last that are not held, ascending. */
  long[] deleted();

  /**
   * Removes one message; with {@code erase} its bytes are overwritten on disk first (secure erase),
   * not only unlinked from the index. False if the stream does not hold it.
   */
  boolean delete(long seq, boolean erase) throws StoreException;

  /**
   * Removes messages: those matching {@code filter} (null: all) with a sequence below {@code
   * upToSeq} (0: no bound), keeping the newest {@code keep} of each match (0: none kept; with a
   * filter, per subject as nats-server does). Returns how many were removed.
   */
  long purge(String filter, long upToSeq, long keep) throws StoreException;

  /**
   * Makes an empty store's next sequence {@code first} (a stream's {@code first_seq}): the
   * sequences below count as purged. Does nothing if the store holds or assigned sequences there.
   */
  void skipTo(long first) throws StoreException;

  /** Removes messages older than the max age at {@code now} (nanoseconds); returns how many. */
  long expire(long now) throws StoreException;

  /** Changes the limits (a stream update); messages over the new limits are removed at once. */
  void limits(StoreLimits limits) throws StoreException;

  StreamState state();

  /** When appends count as durable (file stores; a memory store has nothing to sync). */
  default void syncPolicy(SyncPolicy policy) {}

  /** Completes when everything appended so far is durable. */
  CompletableFuture<Void> flush();

  /**
   * After a {@link StoreException.StorageFailure}: checks the store on disk again (truncating what
   * was written but not acknowledged) and accepts writes if the disk works. False if it still does
   * not.
   */
  boolean recover();

  @Override
  void close();
}
