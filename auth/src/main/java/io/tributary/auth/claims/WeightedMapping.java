package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One destination of a subject mapping; weights of one source subject add up to at most 100. */
@JsonPropertyOrder({"subject", "weight", "cluster"})
public final class WeightedMapping extends JsonFields {
  public String subject;

  /** Percent; omitted (0) means 100. */
  @JsonInclude(Include.NON_DEFAULT)
  public int weight;

  @JsonInclude(Include.NON_EMPTY)
  public String cluster;

  public WeightedMapping() {}

  public WeightedMapping(String subject, int weight) {
    this.subject = subject;
    this.weight = weight;
  }

  /** The weight with Go's default applied. */
  public int effectiveWeight() {
    return weight == 0 ? 100 : weight;
  }
}
