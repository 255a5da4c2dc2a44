package io.tributary.auth.claims;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An account's {@code limits}: NATS limits, account limits and JetStream limits, flattened as Go
 * embeds them. {@code -1} is unlimited. An absent limit decodes as 0, and 0 is a real limit in NATS
 * (e.g. {@code conn: 0} admits no connection); {@link #create()} gives Go's {@code
 * NewAccountClaims} defaults.
 */
@JsonPropertyOrder({
  "subs",
  "data",
  "payload",
  "imports",
  "exports",
  "wildcards",
  "disallow_bearer",
  "conn",
  "leaf",
  "mem_storage",
  "disk_storage",
  "streams",
  "consumer",
  "max_ack_pending",
  "mem_max_stream_bytes",
  "disk_max_stream_bytes",
  "max_bytes_required",
  "tiered_limits"
})
public final class OperatorLimits extends JetStreamLimits {
  /** Max subscriptions per connection in the account. */
  @JsonInclude(Include.NON_DEFAULT)
  public long subs;

  /** Max bytes; nats-server does not enforce it. */
  @JsonInclude(Include.NON_DEFAULT)
  public long data;

  @JsonInclude(Include.NON_DEFAULT)
  public long payload;

  @JsonInclude(Include.NON_DEFAULT)
  public long imports;

  @JsonInclude(Include.NON_DEFAULT)
  public long exports;

  /** Exports may use wildcards. */
  @JsonProperty("wildcards")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean wildcardExports;

  @JsonProperty("disallow_bearer")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean disallowBearer;

  /** Max active client connections. */
  @JsonInclude(Include.NON_DEFAULT)
  public long conn;

  /** Max leaf node connections. */
  @JsonInclude(Include.NON_DEFAULT)
  public long leaf;

  /**
   * Per-tier JetStream limits (e.g. {@code R1}, {@code R3}); exclusive with the flat JetStream
   * limits.
   */
  @JsonProperty("tiered_limits")
  @JsonInclude(Include.NON_EMPTY)
  public Map<String, JetStreamLimits> tieredLimits = new TreeMap<>();

  /**
   * Unlimited NATS and account limits, wildcard exports allowed, JetStream disabled (Go's
   * defaults).
   */
  public static OperatorLimits create() {
    OperatorLimits l = new OperatorLimits();
    l.subs = -1;
    l.data = -1;
    l.payload = -1;
    l.imports = -1;
    l.exports = -1;
    l.wildcardExports = true;
    l.conn = -1;
    l.leaf = -1;
    return l;
  }
}
