package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * What a user may do: permissions, connection constraints and limits. It is the body of a user JWT
 * and the template of a scoped signing key. Count and byte limits are {@code -1} for unlimited; an
 * absent limit decodes as 0, which is what NATS reads it as (not unlimited).
 */
@JsonPropertyOrder({
  "pub",
  "sub",
  "resp",
  "src",
  "times",
  "times_location",
  "subs",
  "data",
  "payload",
  "bearer_token",
  "proxy_required",
  "allowed_connection_types"
})
public class UserPermissionLimits extends JsonFields {
  /** No limit. */
  public static final long NO_LIMIT = -1;

  public Permission pub = new Permission();

  public Permission sub = new Permission();

  @JsonInclude(Include.NON_NULL)
  public ResponsePermission resp;

  /** Allowed client source networks, as CIDRs. */
  @JsonInclude(Include.NON_EMPTY)
  @JsonDeserialize(using = CidrListDeserializer.class)
  public List<String> src = new ArrayList<>();

  @JsonInclude(Include.NON_EMPTY)
  public List<TimeRange> times = new ArrayList<>();

  /** IANA zone for {@link #times}; empty means the server's zone. */
  @JsonProperty("times_location")
  @JsonInclude(Include.NON_EMPTY)
  public String timesLocation;

  /** Max subscriptions per connection. */
  @JsonInclude(Include.NON_DEFAULT)
  public long subs;

  /** Max bytes; nats-server does not enforce it. */
  @JsonInclude(Include.NON_DEFAULT)
  public long data;

  /** Max message payload. */
  @JsonInclude(Include.NON_DEFAULT)
  public long payload;

  /** No nonce signature needed to connect. */
  @JsonProperty("bearer_token")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean bearerToken;

  /** Must connect through a trusted proxy (nats-server 2.12+). */
  @JsonProperty("proxy_required")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean proxyRequired;

  /** {@code STANDARD}, {@code WEBSOCKET}, {@code LEAFNODE}, …; empty allows all. */
  @JsonProperty("allowed_connection_types")
  @JsonInclude(Include.NON_EMPTY)
  public List<String> allowedConnectionTypes = new ArrayList<>();

  /** Sets subs, data and payload to unlimited, as Go's {@code NewUserClaims} does. */
  public UserPermissionLimits unlimited() {
    subs = NO_LIMIT;
    data = NO_LIMIT;
    payload = NO_LIMIT;
    return this;
  }

  /** True if no permission is set (pub, sub and resp all empty). */
  public boolean hasNoPermissions() {
    return pub.isEmpty() && sub.isEmpty() && resp == null;
  }

  /**
   * True if nothing at all is set, which a user signed by a scoped key requires (Go compares with
   * an empty struct, so {@code "subs":-1} or an empty non-null list counts as set there; we compare
   * values).
   */
  public boolean isEmpty() {
    return hasNoPermissions()
        && src.isEmpty()
        && times.isEmpty()
        && (timesLocation == null || timesLocation.isEmpty())
        && subs == 0
        && data == 0
        && payload == 0
        && !bearerToken
        && !proxyRequired
        && allowedConnectionTypes.isEmpty();
  }
}
