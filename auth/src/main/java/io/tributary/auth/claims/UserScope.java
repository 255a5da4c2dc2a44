package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A scoped signing key: users it signs get {@link #template} as their permissions and limits, with
 * {@code {{name()}}}, {@code {{tag(x)}}} and the like expanded per user. All keys are always
 * written, as in Go.
 */
@JsonPropertyOrder({"kind", "key", "role", "template", "description"})
public final class UserScope extends JsonFields {
  /** The only scope kind NATS defines. */
  public static final String KIND_USER_SCOPE = "user_scope";

  public String kind = KIND_USER_SCOPE;

  /** The signing key ({@code A…}). */
  public String key;

  public String role = "";

  public UserPermissionLimits template = new UserPermissionLimits();

  public String description = "";

  public UserScope() {}

  public UserScope(String key, String role, UserPermissionLimits template) {
    this.key = key;
    this.role = role;
    this.template = template;
  }
}
