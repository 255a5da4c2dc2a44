package io.tributary.auth.validation;

/**
 * The answer of a check: accepted with a value, or rejected with a typed reason and a
 * human-readable detail.
 *
 * @param <T> what an accepted check yields
 */
public sealed interface Verdict<T> {

  /** Accepted. */
  record Accepted<T>(T value) implements Verdict<T> {}

  /** Rejected. */
  record Rejected<T>(Rejection reason, String detail) implements Verdict<T> {
    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }

  static <T> Verdict<T> accept(T value) {
    return new Accepted<>(value);
  }

  static <T> Verdict<T> reject(Rejection reason, String detail) {
    return new Rejected<>(reason, detail);
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The accepted value; throws {@link IllegalStateException} if rejected. */
  default T value() {
    if (this instanceof Accepted<T> a) {
      return a.value();
    }
    throw new IllegalStateException("rejected: " + this);
  }

  /** The rejection reason, or null if accepted. */
  default Rejection reason() {
    return this instanceof Rejected<T> r ? r.reason() : null;
  }

  /** Re-types a rejection (a rejection carries no value). */
  @SuppressWarnings("unchecked")
  default <U> Verdict<U> asRejected() {
    if (this instanceof Rejected<T> r) {
      return (Verdict<U>) r;
    }
    throw new IllegalStateException("accepted");
  }
}
