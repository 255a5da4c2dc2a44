package io.tributary.auth.claims;

import java.util.Map;
import java.util.TreeMap;

/**
 * A claim of any other type, with a free-form {@code nats} object (written with sorted keys, as Go
 * writes maps). The resolver's account-delete request is one: {@code
 * {"accounts":["A…"],"version":2}}, issued by the operator.
 */
public final class GenericClaims extends Claims {
  public Map<String, Object> nats = new TreeMap<>();

  public GenericClaims() {}

  public GenericClaims(String subject) {
    this.subject = subject;
  }

  /**
   * The {@code nats.type} this claim was read with, e.g. {@code authorization_request}, or empty.
   */
  public String typeName() {
    return nats.get("type") instanceof String s ? s : "";
  }

  @Override
  public ClaimType type() {
    return ClaimType.fromWireName(typeName());
  }
}
