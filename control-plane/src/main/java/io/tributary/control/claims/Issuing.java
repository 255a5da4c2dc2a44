package io.tributary.control.claims;

import java.util.function.Supplier;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Issuing a JWT (creds, an activation) that a revocation made in this very second would cover: the
 * attempt runs in a transaction of its own and, if the key was revoked in the current second,
 * answers {@link Wait} instead; the wait for the next second happens here, between transactions,
 * never holding a connection or locks, and the attempt runs again with fresh rows.
 */
public final class Issuing {
  private Issuing() {}

  /** What one attempt came to. */
  public sealed interface Attempt<T> {}

  /** Issued: the result. */
  public record Done<T>(T value) implements Attempt<T> {}

  /** Not yet: the key was revoked at Unix second {@code revokedAt}, which is not over. */
  public record Wait<T>(long revokedAt) implements Attempt<T> {}

  /** {@link Done} if nothing revoked at or after this second covers a JWT issued now, else wait. */
  public static <T> Attempt<T> unlessRevokedNow(Long revokedAt, Supplier<T> issue) {
    return Revocations.isPast(revokedAt) ? new Done<>(issue.get()) : new Wait<>(revokedAt);
  }

  /** Runs {@code attempt} in new transactions until it is {@link Done}; must run outside one. */
  public static <T> T outsideTransactions(Supplier<Attempt<T>> attempt) {
    while (true) {
      switch (QuarkusTransaction.requiringNew().call(attempt::get)) {
        case Done<T> d -> {
          return d.value();
        }
        case Wait<T> w -> Revocations.awaitPast(w.revokedAt());
      }
    }
  }
}
