package io.tributary.control.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.control.model.AccountLimits;

import jakarta.validation.constraints.Min;

/**
 * The JetStream allowance an account gets when it is created without any JetStream limit of its own
 * ({@code tributary.accounts.default-jetstream.*}). Off unless {@code enabled}; {@code ./tributary
 * up} turns it on, so that the quick start's first tenant can create a stream at once. The values
 * are flat JetStream limits (-1: unlimited; a value below -1 fails the start) and their defaults
 * suit a laptop (docs/operations.md lists them); an account created with any JetStream limit (flat
 * or tiered, even 0) keeps exactly what it asked for.
 */
@ConfigMapping(prefix = "tributary.accounts.default-jetstream")
public interface DefaultJetStream {
  /** Whether new accounts without JetStream limits get this allowance. */
  @WithDefault("false")
  boolean enabled();

  /** Memory storage for the account's streams, bytes. */
  @Min(-1)
  @WithDefault("268435456")
  long memoryStorage();

  /** File storage for the account's streams, bytes. */
  @Min(-1)
  @WithDefault("1073741824")
  long diskStorage();

  /** How many streams. */
  @Min(-1)
  @WithDefault("-1")
  long streams();

  /** How many consumers. */
  @Min(-1)
  @WithDefault("-1")
  long consumers();

  /** The highest max ack pending a consumer may have. */
  @Min(-1)
  @WithDefault("-1")
  long maxAckPending();

  /** The largest max bytes of one memory stream. */
  @Min(-1)
  @WithDefault("-1")
  long memoryMaxStreamBytes();

  /** The largest max bytes of one file stream. */
  @Min(-1)
  @WithDefault("-1")
  long diskMaxStreamBytes();

  /** Whether every stream must set max bytes. */
  @WithDefault("false")
  boolean maxBytesRequired();

  /** The allowance as the account's flat JetStream limits. */
  default AccountLimits limits() {
    return AccountLimits.flatJetStream(
        new AccountLimits.JetStreamTier(
            memoryStorage(),
            diskStorage(),
            streams(),
            consumers(),
            maxAckPending(),
            memoryMaxStreamBytes(),
            diskMaxStreamBytes(),
            maxBytesRequired()));
  }
}
