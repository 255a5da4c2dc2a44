package io.tributary.auth.claims;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Base of every JSON object in a token. Keys this version does not know are kept and written back
 * after the known ones, so a token made by a newer NATS tool survives a decode and re-sign
 * unchanged in meaning.
 */
public abstract class JsonFields {
  @JsonIgnore private Map<String, Object> unknown;

  @JsonAnySetter
  void putUnknown(String name, Object value) {
    if (unknown == null) {
      unknown = new LinkedHashMap<>();
    }
    unknown.put(name, value);
  }

  /** Keys of this object that this version does not model, in the order they were read. */
  @JsonAnyGetter
  public Map<String, Object> unknownFields() {
    return unknown == null ? Map.of() : unknown;
  }
}
