package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The three keys that end every v2 {@code nats} object: {@code tags}, {@code type}, {@code
 * version}.
 */
public abstract class GenericFields extends JsonFields {
  @JsonInclude(Include.NON_EMPTY)
  public List<String> tags = new ArrayList<>();

  @JsonInclude(Include.NON_EMPTY)
  public String type;

  public int version;
}
