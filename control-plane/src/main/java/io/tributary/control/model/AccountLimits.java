package io.tributary.control.model;

import io.tributary.auth.claims.OperatorLimits;

/**
 * An account's NATS and JetStream limits as the API shows them; -1 is unlimited, and JetStream is
 * off while both storage limits are 0. Absent fields in a request keep NATS's unlimited defaults
 * (and JetStream off), never the "absent means 0" of a raw JWT.
 */
public record AccountLimits(
    Long conn,
    Long subs,
    Long payload,
    Long data,
    Long imports,
    Long exports,
    Long leaf,
    Boolean wildcardExports,
    Long memoryStorage,
    Long diskStorage,
    Long streams,
    Long consumers) {

  /** Unlimited NATS limits, JetStream off. */
  public static AccountLimits defaults() {
    return new AccountLimits(-1L, -1L, -1L, -1L, -1L, -1L, -1L, true, 0L, 0L, 0L, 0L);
  }

  /** These limits with every null field taken from {@code base}. */
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
        or(consumers, base.consumers));
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
  }

  private static Long or(Long v, Long base) {
    return v != null ? v : base;
  }
}
