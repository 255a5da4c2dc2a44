package io.tributary.dataplane.config;

import io.tributary.auth.claims.Permissions;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user of a node without operator mode, from its configuration (nats-server's {@code
 * authorization { users: [...] }}): a name and a password, or an nkey (a user's public key, {@code
 * U…}: the client signs the INFO's nonce with its seed), and permissions (null: everything).
 */
public record ConfiguredUser(
    @JsonProperty("user") String user,
    @JsonProperty("password") String password,
    @JsonProperty("nkey") String nkey,
    @JsonProperty("permissions") Permissions permissions) {
  public ConfiguredUser {
    if (nkey != null) {
      if (!nkey.matches("U[A-Z2-7]{55}")) {
        throw new IllegalArgumentException(
            "an nkey user's nkey is a user public key (U…), not " + nkey);
      }
      if (user != null || password != null) {
        throw new IllegalArgumentException(
            "a user has an nkey, or a user and a password, not both");
      }
    } else if (user == null || user.isEmpty() || password == null) {
      throw new IllegalArgumentException("every user needs a user and a password (or an nkey)");
    }
  }

  /** A user and password user. */
  public ConfiguredUser(String user, String password, Permissions permissions) {
    this(user, password, null, permissions);
  }

  /** The name it is known by: its user name, or its nkey. */
  public String name() {
    return nkey != null ? nkey : user;
  }
}
