package io.tributary.control.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.claims.OperatorLimits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An account's NATS and JetStream limits as the API shows them; -1 is unlimited, and JetStream is
 * off while both storage limits are 0 and there are no tiers. Absent fields in a request keep
 * NATS's unlimited defaults (and JetStream off), never the "absent means 0" of a raw JWT.
 *
 * <p>JetStream limits are either flat (the fields from {@code memoryStorage} to {@code
 * maxBytesRequired}, the JWT's {@code limits}) or per replication tier ({@code jetStreamTiers}: R1
 * for streams with one replica, R3 for three, …; the JWT's {@code tiered_limits}), never both: NATS
 * refuses an account JWT with tiers and any flat JetStream limit that is not 0.
 */
public record AccountLimits(
    @Min(-1) Long conn,
    @Min(-1) Long subs,
    @Min(-1) Long payload,
    @Min(-1) Long data,
    @Min(-1) Long imports,
    @Min(-1) Long exports,
    @Min(-1) Long leaf,
    Boolean wildcardExports,
    @Min(-1) Long memoryStorage,
    @Min(-1) Long diskStorage,
    @Min(-1) Long streams,
    @Min(-1) Long consumers,
    @Min(-1) Long maxAckPending,
    @Min(-1) Long memoryMaxStreamBytes,
    @Min(-1) Long diskMaxStreamBytes,
    Boolean maxBytesRequired,
    Map<
            @Pattern(regexp = TIER, message = "a tier is named R1 to R5 (the streams' replicas)")
            String,
            @NotNull @Valid JetStreamTier>
        jetStreamTiers) {

  /** A tier's name: {@code R} and the replicas of the streams it covers (at most 5 in NATS). */
  public static final String TIER = "^R[1-5]$";

  public AccountLimits {
    // sorted, so that the same tiers read, store and sign the same way
    jetStreamTiers =
        jetStreamTiers == null
            ? null
            : Collections.unmodifiableSortedMap(new TreeMap<>(jetStreamTiers));
  }

  /**
   * JetStream limits: the flat ones of an account, or one tier's. Absent fields in a tier are 0
   * (storage 0: that storage is off for the tier).
   */
  public record JetStreamTier(
      @Min(-1) Long memoryStorage,
      @Min(-1) Long diskStorage,
      @Min(-1) Long streams,
      @Min(-1) Long consumers,
      @Min(-1) Long maxAckPending,
      @Min(-1) Long memoryMaxStreamBytes,
      @Min(-1) Long diskMaxStreamBytes,
      Boolean maxBytesRequired) {

    /** This tier with absent fields as 0 (false). */
    JetStreamTier complete() {
      return new JetStreamTier(
          or(memoryStorage, 0L),
          or(diskStorage, 0L),
          or(streams, 0L),
          or(consumers, 0L),
          or(maxAckPending, 0L),
          or(memoryMaxStreamBytes, 0L),
          or(diskMaxStreamBytes, 0L),
          maxBytesRequired != null ? maxBytesRequired : false);
    }

    /** These (complete) limits as the JWT has them. */
    JetStreamLimits claims() {
      JetStreamLimits l = new JetStreamLimits();
      l.memoryStorage = memoryStorage;
      l.diskStorage = diskStorage;
      l.streams = streams;
      l.consumer = consumers;
      l.maxAckPending = maxAckPending;
      l.memoryMaxStreamBytes = memoryMaxStreamBytes;
      l.diskMaxStreamBytes = diskMaxStreamBytes;
      l.maxBytesRequired = maxBytesRequired;
      return l;
    }
  }

  /** Unlimited NATS limits, JetStream off. */
  public static AccountLimits defaults() {
    return new AccountLimits(
        -1L, -1L, -1L, -1L, -1L, -1L, -1L, true, 0L, 0L, 0L, 0L, 0L, 0L, 0L, false, Map.of());
  }

  /** Only the flat JetStream limits {@code js} (its absent fields too), nothing else. */
  public static AccountLimits flatJetStream(JetStreamTier js) {
    return new AccountLimits(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        js.memoryStorage(),
        js.diskStorage(),
        js.streams(),
        js.consumers(),
        js.maxAckPending(),
        js.memoryMaxStreamBytes(),
        js.diskMaxStreamBytes(),
        js.maxBytesRequired(),
        null);
  }

  /**
   * These limits with every null field taken from {@code base}; tiers, when given, replace the
   * base's as a whole (an empty map removes them), with their absent fields as 0.
   */
  public AccountLimits over(AccountLimits base) {
    return new AccountLimits(
        or(conn, base.conn),
        or(subs, base.subs),
        or(payload, base.payload),
        or(data, base.data),
        or(imports, base.imports),
        or(exports, base.exports),
        or(leaf, base.leaf),
        wildcardExports != null ? wildcardExports : base.wildcardExports,
        or(memoryStorage, base.memoryStorage),
        or(diskStorage, base.diskStorage),
        or(streams, base.streams),
        or(consumers, base.consumers),
        or(maxAckPending, base.maxAckPending),
        or(memoryMaxStreamBytes, base.memoryMaxStreamBytes),
        or(diskMaxStreamBytes, base.diskMaxStreamBytes),
        maxBytesRequired != null ? maxBytesRequired : base.maxBytesRequired,
        jetStreamTiers != null ? completeTiers(jetStreamTiers) : base.jetStreamTiers);
  }

  /** True if this request names any JetStream limit, flat or tiered (even to turn it off). */
  public boolean namesJetStream() {
    return memoryStorage != null
        || diskStorage != null
        || streams != null
        || consumers != null
        || maxAckPending != null
        || memoryMaxStreamBytes != null
        || diskMaxStreamBytes != null
        || maxBytesRequired != null
        || jetStreamTiers != null;
  }

  /**
   * The flat JetStream limits of these (complete) limits that are set, i.e. not 0 (false): with
   * tiers, NATS accepts none ({@code ClaimsValidator}, as nats-io/jwt's {@code IsSet}).
   */
  public List<String> flatJetStreamSet() {
    List<String> set = new ArrayList<>();
    addIfSet(set, "memoryStorage", memoryStorage);
    addIfSet(set, "diskStorage", diskStorage);
    addIfSet(set, "streams", streams);
    addIfSet(set, "consumers", consumers);
    addIfSet(set, "maxAckPending", maxAckPending);
    addIfSet(set, "memoryMaxStreamBytes", memoryMaxStreamBytes);
    addIfSet(set, "diskMaxStreamBytes", diskMaxStreamBytes);
    if (Boolean.TRUE.equals(maxBytesRequired)) {
      set.add("maxBytesRequired");
    }
    return set;
  }

  /** True if these limits have at least one JetStream tier. */
  public boolean hasTiers() {
    return jetStreamTiers != null && !jetStreamTiers.isEmpty();
  }

  /** Writes these (complete) limits into JWT claims. */
  public void applyTo(OperatorLimits l) {
    l.conn = conn;
    l.subs = subs;
    l.payload = payload;
    l.data = data;
    l.imports = imports;
    l.exports = exports;
    l.leaf = leaf;
    l.wildcardExports = wildcardExports;
    l.memoryStorage = memoryStorage;
    l.diskStorage = diskStorage;
    l.streams = streams;
    l.consumer = consumers;
    l.maxAckPending = maxAckPending;
    l.memoryMaxStreamBytes = memoryMaxStreamBytes;
    l.diskMaxStreamBytes = diskMaxStreamBytes;
    l.maxBytesRequired = maxBytesRequired;
    l.tieredLimits.clear();
    jetStreamTiers.forEach((tier, js) -> l.tieredLimits.put(tier, js.claims()));
  }

  private static Map<String, JetStreamTier> completeTiers(Map<String, JetStreamTier> tiers) {
    Map<String, JetStreamTier> complete = new TreeMap<>();
    tiers.forEach((tier, js) -> complete.put(tier, js.complete()));
    return complete;
  }

  private static void addIfSet(List<String> set, String name, Long v) {
    if (v != null && v != 0) {
      set.add(name);
    }
  }

  private static Long or(Long v, Long base) {
    return v != null ? v : base;
  }
}
