package io.tributary.auth.claims;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Revocations: public key (or {@code "*"} for all) to Unix seconds. A JWT issued at or before that
 * second is revoked (the comparison is {@code >=}, as in nats-server). Written with sorted keys.
 */
public final class RevocationList {
  /** The key that revokes every JWT issued at or before its time. */
  public static final String ALL = "*";

  private final TreeMap<String, Long> entries = new TreeMap<>();

  public RevocationList() {}

  @JsonCreator
  RevocationList(Map<String, Long> entries) {
    entries.forEach((k, v) -> this.entries.put(k, v == null ? 0L : v));
  }

  @JsonValue
  public Map<String, Long> entries() {
    return entries;
  }

  /**
   * Revokes JWTs of {@code key} issued at or before {@code atSeconds}; a later existing entry is
   * kept.
   */
  public void revoke(String key, long atSeconds) {
    entries.merge(key, atSeconds, Math::max);
  }

  public void clear(String key) {
    entries.remove(key);
  }

  /**
   * True if a JWT of {@code key} issued at {@code issuedAt} is revoked, by its own entry or by
   * {@code "*"}.
   */
  public boolean isRevoked(String key, long issuedAt) {
    Long t = entries.get(key);
    if (t != null && t >= issuedAt) {
      return true;
    }
    Long all = entries.get(ALL);
    return all != null && all >= issuedAt;
  }

  /** Drops entries that the {@code "*"} entry already covers (Go's {@code MaybeCompact}). */
  public void compact() {
    Long all = entries.get(ALL);
    if (all != null) {
      entries.entrySet().removeIf(e -> !e.getKey().equals(ALL) && e.getValue() <= all);
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
