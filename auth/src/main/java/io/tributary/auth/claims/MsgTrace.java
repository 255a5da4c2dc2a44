package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Message tracing of an account: where trace events go and what share of messages is traced. */
@JsonPropertyOrder({"dest", "sampling"})
public final class MsgTrace extends JsonFields {
  @JsonInclude(Include.NON_EMPTY)
  public String dest;

  /** 1 to 100; 0 means 100. */
  @JsonInclude(Include.NON_DEFAULT)
  public int sampling;
}
