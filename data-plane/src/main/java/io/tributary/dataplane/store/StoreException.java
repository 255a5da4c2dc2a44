package io.tributary.dataplane.store;

/**
 * Why a store refused an operation. Every kind is its own type so the stream layer maps each to its
 * JetStream API error; messages say what was exceeded.
 */
public abstract sealed class StoreException extends Exception {
  private StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message is larger than {@code max_msg_size}. */
  public static final class MessageTooLarge extends StoreException {
    public MessageTooLarge(long size, long max) {
      super("message size " + size + " exceeds maximum allowed " + max, null);
    }
  }

  /** Discard new: the stream is at {@code max_msgs} or {@code max_bytes}. */
  public static final class StoreFull extends StoreException {
    public StoreFull(String which) {
      super("maximum " + which + " exceeded", null);
    }
  }

  /** Discard new per subject: the subject is at {@code max_msgs_per_subject}. */
  public static final class SubjectFull extends StoreException {
    public SubjectFull(String subject) {
      super("maximum messages per subject exceeded for " + subject, null);
    }
  }

  /** The store is closed. */
  public static final class Closed extends StoreException {
    public Closed() {
      super("store closed", null);
    }
  }

  /**
   * The disk failed (EIO, disk full, a failed sync): nothing of the failed write is acknowledged,
   * and the store keeps refusing writes until {@link StreamStore#recover} succeeds.
   */
  public static final class StorageFailure extends StoreException {
    public StorageFailure(String what, Throwable cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * Records are sealed under a data key that is not available (a missing or wrong master key, or a
   * destroyed account key): nothing is served and nothing on disk is changed.
   */
  public static final class KeyMissing extends StoreException {
    public KeyMissing(String owner, int version, String where) {
      super(
          "data key version "
              + version
              + " of "
              + owner
              + " is not available; "
              + where
              + " is not served and left as it is",
          null);
    }
  }

  /** A record was found damaged on disk; it is not served. */
  public static final class Corrupt extends StoreException {
    public Corrupt(long seq, String detail) {
      super("message " + seq + " is damaged on disk: " + detail, null);
    }
  }
}
