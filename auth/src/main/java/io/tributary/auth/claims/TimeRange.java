package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A daily connect window, {@code HH:MM:SS} on a 24-hour clock; it may cross midnight. */
@JsonPropertyOrder({"start", "end"})
public final class TimeRange extends JsonFields {
  @JsonInclude(Include.NON_EMPTY)
  public String start;

  @JsonInclude(Include.NON_EMPTY)
  public String end;

  public TimeRange() {}

  public TimeRange(String start, String end) {
    this.start = start;
    this.end = end;
  }
}
