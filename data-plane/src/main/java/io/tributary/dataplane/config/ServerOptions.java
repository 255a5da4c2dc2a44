package io.tributary.dataplane.config;

import static io.tributary.dataplane.config.NodeSettings.ACCOUNTS;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TOKEN;
import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.MAX_PENDING;
import static io.tributary.dataplane.config.NodeSettings.OPERATOR;
import static io.tributary.dataplane.config.NodeSettings.PASSWORD;
import static io.tributary.dataplane.config.NodeSettings.RESOLVER_DIR;
import static io.tributary.dataplane.config.NodeSettings.RESOLVER_PRELOAD;
import static io.tributary.dataplane.config.NodeSettings.STORE_ENCRYPTION;
import static io.tributary.dataplane.config.NodeSettings.SYNC;
import static io.tributary.dataplane.config.NodeSettings.SYSTEM_ACCOUNT;
import static io.tributary.dataplane.config.NodeSettings.TLS_CA;
import static io.tributary.dataplane.config.NodeSettings.TLS_CERT;
import static io.tributary.dataplane.config.NodeSettings.TLS_KEY;
import static io.tributary.dataplane.config.NodeSettings.TLS_VERIFY;
import static io.tributary.dataplane.config.NodeSettings.USER;
import static io.tributary.dataplane.config.NodeSettings.USERS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.tributary.dataplane.store.SyncPolicy;

/**
 * What a node is configured with: a value for every {@link NodeSettings} entry (its default unless
 * set), checked one by one as they are set and together when built. Immutable.
 */
public final class ServerOptions {
  private final Object[] values;

  private ServerOptions(Object[] values) {
    this.values = values;
    if ((get(USER) == null) != (get(PASSWORD) == null)) {
      throw new IllegalArgumentException("user and password go together");
    }
    if (get(AUTH_TOKEN) != null && get(USER) != null) {
      throw new IllegalArgumentException("use either a token or a user and password, not both");
    }
    if ((get(USERS) != null || get(ACCOUNTS) != null)
        && (get(AUTH_TOKEN) != null || get(USER) != null)) {
      throw new IllegalArgumentException("use either users or a single user or token, not both");
    }
    if (get(ACCOUNTS) != null && get(OPERATOR) != null) {
      throw new IllegalArgumentException("accounts come from the operator's JWTs in operator mode");
    }
    if (get(MAX_PENDING) < get(MAX_PAYLOAD)) {
      throw new IllegalArgumentException(
          "max-pending must be at least max-payload (" + get(MAX_PAYLOAD) + ")");
    }
    if ((get(TLS_CERT) == null) != (get(TLS_KEY) == null)) {
      throw new IllegalArgumentException("tls-cert and tls-key go together");
    }
    if (get(TLS_CERT) == null && (get(TLS_CA) != null || get(TLS_VERIFY))) {
      throw new IllegalArgumentException("tls-ca and tls-verify need tls-cert and tls-key");
    }
    if ((get(NodeSettings.CLUSTER_TLS_CERT) == null)
        != (get(NodeSettings.CLUSTER_TLS_KEY) == null)) {
      throw new IllegalArgumentException("cluster-tls-cert and cluster-tls-key go together");
    }
    if (get(NodeSettings.CLUSTER_TLS_VERIFY) && get(NodeSettings.CLUSTER_TLS_CA) == null) {
      throw new IllegalArgumentException(
          "cluster-tls-verify needs a CA file (cluster-tls-ca) to check the nodes' certificates");
    }
    if (get(TLS_VERIFY) && get(TLS_CA) == null) {
      throw new IllegalArgumentException(
          "tls-verify needs a CA file (tls-ca) to check client certificates against");
    }
    SyncPolicy.parse(get(SYNC));
    String encryption = get(STORE_ENCRYPTION);
    if (!encryption.equals("aes") && !encryption.equals("none")) {
      throw new IllegalArgumentException("store-encryption is aes or none, not " + encryption);
    }
    if (get(OPERATOR) == null) {
      if (get(SYSTEM_ACCOUNT) != null
          || get(RESOLVER_DIR) != null
          || get(RESOLVER_PRELOAD) != null) {
        throw new IllegalArgumentException(
            "system-account, resolver-dir and resolver-preload need operator");
      }
    } else {
      if (get(OPERATOR).isEmpty()) {
        throw new IllegalArgumentException("operator mode needs at least one operator JWT");
      }
      if (get(RESOLVER_DIR) == null) {
        throw new IllegalArgumentException(
            "operator mode needs resolver-dir (where account JWTs are kept)");
      }
      if (get(AUTH_TOKEN) != null || get(USER) != null) {
        throw new IllegalArgumentException(
            "operator mode authenticates with JWTs; drop the token or user and password");
      }
    }
  }

  /** The value of {@code setting}: the one set, or its default (null if it has none). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    Object v = values[setting.index()];
    return v != null ? (T) v : setting.defaultValue();
  }

  /** True if clients must authenticate. */
  public boolean authRequired() {
    return get(AUTH_TOKEN) != null
        || get(USER) != null
        || get(USERS) != null
        || get(ACCOUNTS) != null
        || get(OPERATOR) != null;
  }

  /** TLS for client connections, or null for plain TCP. */
  public TlsOptions tls() {
    return get(TLS_CERT) == null
        ? null
        : new TlsOptions(get(TLS_CERT), get(TLS_KEY), get(TLS_CA), get(TLS_VERIFY));
  }

  /** TLS for routes to the other nodes of a cluster, or null. */
  public TlsOptions clusterTls() {
    return get(NodeSettings.CLUSTER_TLS_CERT) == null
        ? null
        : new TlsOptions(
            get(NodeSettings.CLUSTER_TLS_CERT),
            get(NodeSettings.CLUSTER_TLS_KEY),
            get(NodeSettings.CLUSTER_TLS_CA),
            get(NodeSettings.CLUSTER_TLS_VERIFY));
  }

  /** Operator mode (JWT accounts), or null. */
  public OperatorOptions operator() {
    return get(OPERATOR) == null
        ? null
        : new OperatorOptions(
            get(OPERATOR), get(SYSTEM_ACCOUNT), get(RESOLVER_DIR), get(RESOLVER_PRELOAD));
  }

  /**
   * TLS for client connections: PEM certificate chain and private key, and optionally a CA bundle
   * to verify client certificates against.
   */
  public record TlsOptions(Path certFile, Path keyFile, Path caFile, boolean verifyClients) {}

  /**
   * Operator mode: the trusted operator JWTs (their text), the system account (null: the
   * operator's), the full resolver's directory, and an optional directory of account JWTs ({@code
   * *.jwt}) to preload.
   */
  public record OperatorOptions(
      List<String> operatorJwts, String systemAccount, Path resolverDir, Path preloadDir) {
    public OperatorOptions {
      operatorJwts = operatorJwts == null ? null : List.copyOf(operatorJwts);
      Objects.requireNonNull(resolverDir, "operator mode needs a resolver dir");
    }
  }

  public static Builder builder() {
    return new Builder(new Object[NodeSettings.ALL.size()]);
  }

  public Builder toBuilder() {
    return new Builder(values.clone());
  }

  /** Sets values, starting from the defaults. */
  public static final class Builder {
    private final Object[] values;

    private Builder(Object[] values) {
      this.values = values;
    }

    /** Sets a value (null: back to the default); a value out of bounds is refused here. */
    public <T> Builder set(Setting<T> setting, T value) {
      values[setting.index()] = value == null ? null : setting.check(value);
      return this;
    }

    /** Sets a value from its text form, as a flag or YAML key gives it. */
    public Builder parse(Setting<?> setting, String text) {
      values[setting.index()] = setting.parse(text);
      return this;
    }

    /** Operator mode's four settings at once. */
    public Builder operator(OperatorOptions o) {
      return set(OPERATOR, o.operatorJwts())
          .set(SYSTEM_ACCOUNT, o.systemAccount())
          .set(RESOLVER_DIR, o.resolverDir())
          .set(RESOLVER_PRELOAD, o.preloadDir());
    }

    /** TLS's four settings at once. */
    public Builder tls(TlsOptions t) {
      return set(TLS_CERT, t.certFile())
          .set(TLS_KEY, t.keyFile())
          .set(TLS_CA, t.caFile())
          .set(TLS_VERIFY, t.verifyClients());
    }

    public ServerOptions build() {
      Object[] v = values.clone();
      if (v[AUTH_TIMEOUT.index()] == null && v[TLS_CERT.index()] != null) {
        // nats-server's default with TLS: the handshake's 2 s and one more to authenticate
        v[AUTH_TIMEOUT.index()] = Duration.ofSeconds(3);
      }
      return new ServerOptions(v);
    }
  }
}
