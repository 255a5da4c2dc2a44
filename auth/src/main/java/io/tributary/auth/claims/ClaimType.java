package io.tributary.auth.claims;

/** The kinds of claim ({@code nats.type}), with the nkey types allowed to issue each. */
public enum ClaimType {
  OPERATOR("operator"),
  ACCOUNT("account"),
  USER("user"),
  ACTIVATION("activation"),
  AUTHORIZATION_REQUEST("authorization_request"),
  AUTHORIZATION_RESPONSE("authorization_response"),
  /** Any other or missing type, e.g. the resolver's account-delete request. */
  GENERIC("");

  private final String wireName;

  ClaimType(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code nats.type}. */
  public String wireName() {
    return wireName;
  }

  /** The kind for a {@code type} value; unknown values are generic, as in the Go library. */
  public static ClaimType fromWireName(String name) {
    if (name != null && !name.isEmpty()) {
      for (ClaimType t : values()) {
        if (t.wireName.equals(name)) {
          return t;
        }
      }
    }
    return GENERIC;
  }
}
