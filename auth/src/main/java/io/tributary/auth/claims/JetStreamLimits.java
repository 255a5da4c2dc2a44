package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * JetStream limits of an account (flat, or one tier of {@code tiered_limits}). Storage {@code -1}
 * is unlimited and {@code 0} disables that storage; JetStream is enabled when either storage is not
 * 0.
 */
@JsonPropertyOrder({
  "mem_storage",
  "disk_storage",
  "streams",
  "consumer",
  "max_ack_pending",
  "mem_max_stream_bytes",
  "disk_max_stream_bytes",
  "max_bytes_required"
})
public class JetStreamLimits extends JsonFields {
  @JsonProperty("mem_storage")
  @JsonInclude(Include.NON_DEFAULT)
  public long memoryStorage;

  @JsonProperty("disk_storage")
  @JsonInclude(Include.NON_DEFAULT)
  public long diskStorage;

  @JsonInclude(Include.NON_DEFAULT)
  public long streams;

  @JsonInclude(Include.NON_DEFAULT)
  public long consumer;

  /** Cap on consumers' max ack pending; 0 or less is unlimited. */
  @JsonProperty("max_ack_pending")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxAckPending;

  @JsonProperty("mem_max_stream_bytes")
  @JsonInclude(Include.NON_DEFAULT)
  public long memoryMaxStreamBytes;

  @JsonProperty("disk_max_stream_bytes")
  @JsonInclude(Include.NON_DEFAULT)
  public long diskMaxStreamBytes;

  @JsonProperty("max_bytes_required")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean maxBytesRequired;

  /** True if any JetStream limit is set. */
  public boolean isSet() {
    return memoryStorage != 0
        || diskStorage != 0
        || streams != 0
        || consumer != 0
        || maxAckPending != 0
        || memoryMaxStreamBytes != 0
        || diskMaxStreamBytes != 0
        || maxBytesRequired;
  }

  /** True if JetStream is enabled by these limits. */
  public boolean isJetStreamEnabled() {
    return memoryStorage != 0 || diskStorage != 0;
  }
}
