package io.tributary.operator.crd;

import java.util.Map;

import io.fabric8.generator.annotation.Min;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * An account's NATS and JetStream limits, the control plane's {@code AccountLimits} field for field
 * (docs/control-plane.md, account limits): -1 is unlimited; bytes for data, payload and storage.
 * Unset fields are not managed: the control plane's value stays (its defaults at creation).
 * JetStream limits are either flat or per tier, never both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountLimits {
  @Min(-1)
  @JsonPropertyDescription("Connections.")
  public Long conn;

  @Min(-1)
  @JsonPropertyDescription("Subscriptions.")
  public Long subs;

  @Min(-1)
  @JsonPropertyDescription("Bytes of a message's payload.")
  public Long payload;

  @Min(-1)
  @JsonPropertyDescription("Bytes in flight.")
  public Long data;

  @Min(-1)
  public Long imports;

  @Min(-1)
  public Long exports;

  @Min(-1)
  @JsonPropertyDescription("Leaf node connections.")
  public Long leaf;

  public Boolean wildcardExports;

  @Min(-1)
  @JsonPropertyDescription(
      "JetStream: bytes of memory streams (0 and diskStorage 0: JetStream off).")
  public Long memoryStorage;

  @Min(-1)
  @JsonPropertyDescription("JetStream: bytes of file streams.")
  public Long diskStorage;

  @Min(-1)
  public Long streams;

  @Min(-1)
  public Long consumers;

  @Min(-1)
  public Long maxAckPending;

  @Min(-1)
  public Long memoryMaxStreamBytes;

  @Min(-1)
  public Long diskMaxStreamBytes;

  public Boolean maxBytesRequired;

  @JsonPropertyDescription(
      "JetStream limits per replication tier (R1 to R5), replacing the account's tiers as a whole"
          + " ({} removes them); exclusive with the flat JetStream limits, which must then be 0.")
  public Map<String, JetStreamTier> jetStreamTiers;

  /** One tier's JetStream limits; unset fields are 0, as in the control plane. */
  public static class JetStreamTier {
    @Min(-1)
    public long memoryStorage;

    @Min(-1)
    public long diskStorage;

    @Min(-1)
    public long streams;

    @Min(-1)
    public long consumers;

    @Min(-1)
    public long maxAckPending;

    @Min(-1)
    public long memoryMaxStreamBytes;

    @Min(-1)
    public long diskMaxStreamBytes;

    public boolean maxBytesRequired;
  }
}
