package io.tributary.dataplane.config;

import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.claims.OperatorLimits;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account of a node without operator mode, from its configuration (nats-server's {@code accounts
 * { NAME: { users, exports, imports } }}): its users, and its exports and imports in the account
 * JWT's shape, so that the same isolation and import machinery applies as in operator mode; and its
 * JetStream limits in the claims' shape (null: JetStream off for it, as in nats-server).
 */
public record ConfiguredAccount(
    @JsonProperty("users") List<ConfiguredUser> users,
    @JsonProperty("exports") List<Export> exports,
    @JsonProperty("imports") List<Import> imports,
    @JsonProperty("jetstream") JetStreamLimits jetstream) {
  public ConfiguredAccount {
    users = users == null ? List.of() : List.copyOf(users);
    exports = exports == null ? List.of() : List.copyOf(exports);
    imports = imports == null ? List.of() : List.copyOf(imports);
  }

  /** The account as claims: named by its name, with its exports, imports and JetStream limits. */
  public AccountClaims claims(String name) {
    AccountClaims c = AccountClaims.create(name, name);
    c.nats.exports.addAll(exports);
    c.nats.imports.addAll(imports);
    if (jetstream != null) {
      OperatorLimits l = c.nats.limits;
      l.memoryStorage = jetstream.memoryStorage;
      l.diskStorage = jetstream.diskStorage;
      l.streams = jetstream.streams;
      l.consumer = jetstream.consumer;
      l.maxAckPending = jetstream.maxAckPending;
      l.memoryMaxStreamBytes = jetstream.memoryMaxStreamBytes;
      l.diskMaxStreamBytes = jetstream.diskMaxStreamBytes;
      l.maxBytesRequired = jetstream.maxBytesRequired;
    }
    return c;
  }
}
