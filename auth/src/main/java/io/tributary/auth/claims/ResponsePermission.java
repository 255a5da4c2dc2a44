package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Lets a user publish to the reply subjects of requests it received: at most {@code max} responses
 * within {@code ttl} nanoseconds. The server reads 0 as its defaults (1 response, 2 minutes). Both
 * keys are always written.
 */
@JsonPropertyOrder({"max", "ttl"})
public final class ResponsePermission extends JsonFields {
  @JsonProperty("max")
  public int maxMsgs;

  /** Nanoseconds, as Go's {@code time.Duration}. */
  @JsonProperty("ttl")
  public long expiresNanos;

  public ResponsePermission() {}

  public ResponsePermission(int maxMsgs, long expiresNanos) {
    this.maxMsgs = maxMsgs;
    this.expiresNanos = expiresNanos;
  }
}
