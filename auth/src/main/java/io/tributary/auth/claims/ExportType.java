package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether an export or import is a stream (messages flow to importers) or a service (requests flow
 * to the exporter).
 */
public enum ExportType {
  STREAM("stream"),
  SERVICE("service");

  private final String wireName;

  ExportType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
