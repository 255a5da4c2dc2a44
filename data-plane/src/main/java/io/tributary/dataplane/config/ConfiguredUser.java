package io.tributary.dataplane.config;

import io.tributary.auth.claims.Permissions;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user of a node without operator mode, from its configuration (nats-server's {@code
 * authorization { users: [...] }}): a name, a password and permissions (null: everything), in the
 * global account.
 */
public record ConfiguredUser(
    @JsonProperty("user") String user,
    @JsonProperty("password") String password,
    @JsonProperty("permissions") Permissions permissions) {
  public ConfiguredUser {
    if (user == null || user.isEmpty() || password == null) {
      throw new IllegalArgumentException("every user needs a user and a password");
    }
  }
}
