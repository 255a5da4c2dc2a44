package io.tributary.dataplane.config;

import java.util.List;

import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.Import;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account of a node without operator mode, from its configuration (nats-server's {@code accounts
 * { NAME: { users, exports, imports } }}): its users, and its exports and imports in the account
 * JWT's shape, so that the same isolation and import machinery applies as in operator mode.
 */
public record ConfiguredAccount(
    @JsonProperty("users") List<ConfiguredUser> users,
    @JsonProperty("exports") List<Export> exports,
    @JsonProperty("imports") List<Import> imports) {
  public ConfiguredAccount {
    users = users == null ? List.of() : List.copyOf(users);
    exports = exports == null ? List.of() : List.copyOf(exports);
    imports = imports == null ? List.of() : List.copyOf(imports);
  }
}
