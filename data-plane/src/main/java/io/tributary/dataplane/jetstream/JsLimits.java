package io.tributary.dataplane.jetstream;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.JetStreamLimits;

/**
 * An account's JetStream limits on this node, from its JWT (the flat limits, or the {@code R1}
 * tier: a single node holds R1 streams only). Storage {@code -1} is unlimited and {@code 0} none;
 * counts and per-stream bytes of {@code 0} or less are unlimited, as nats-server reads them.
 */
record JsLimits(
    long maxMemory,
    long maxStorage,
    long maxStreams,
    long maxConsumers,
    long maxAckPending,
    long memoryMaxStreamBytes,
    long storageMaxStreamBytes,
    boolean maxBytesRequired,
    boolean tiered) {

  static final JsLimits UNLIMITED = new JsLimits(-1, -1, -1, -1, -1, -1, -1, false, false);

  /** The limits an account's claims grant, or null when they do not enable JetStream. */
  static JsLimits of(AccountClaims claims) {
    if (claims == null) {
      return UNLIMITED;
    }
    var limits = claims.nats.limits;
    if (limits.tieredLimits != null && !limits.tieredLimits.isEmpty()) {
      JetStreamLimits r1 = limits.tieredLimits.get("R1");
      if (r1 == null) {
        // JetStream is on, but no tier this node can serve: creates get "no applicable limit".
        boolean any =
            limits.tieredLimits.values().stream().anyMatch(JetStreamLimits::isJetStreamEnabled);
        return any ? new JsLimits(0, 0, 0, 0, 0, 0, 0, false, true) : null;
      }
      return r1.isJetStreamEnabled() ? from(r1, true) : null;
    }
    return limits.isJetStreamEnabled() ? from(limits, false) : null;
  }

  private static JsLimits from(JetStreamLimits l, boolean tiered) {
    return new JsLimits(
        l.memoryStorage,
        l.diskStorage,
        l.streams,
        l.consumer,
        l.maxAckPending,
        l.memoryMaxStreamBytes,
        l.diskMaxStreamBytes,
        l.maxBytesRequired,
        tiered);
  }

  /** True when this account may hold no R1 stream at all (tiered limits without R1). */
  boolean noApplicableTier() {
    return tiered && maxMemory == 0 && maxStorage == 0;
  }
}
