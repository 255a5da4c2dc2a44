package io.tributary.dataplane.store;

/**
 * A store's state at one moment, as a stream's info reports it.
 *
 * @param msgs messages held
 * @param bytes their size (see {@link StoredMessage#size}), exactly
 * @param firstSeq the first sequence held, or {@code lastSeq + 1} when empty
 * @param lastSeq the last sequence assigned (0 before the first append)
 * @param numSubjects distinct subjects held
 * @param numDeleted sequences between first and last that are not held (deleted, or lost to
 *     corruption)
 * @param corrupt records found damaged on disk and never served (0 for memory)
 */
public record StreamState(
    long msgs,
    long bytes,
    long firstSeq,
    long lastSeq,
    long firstTimestamp,
    long lastTimestamp,
    long numSubjects,
    long numDeleted,
    long corrupt) {}
