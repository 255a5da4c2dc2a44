package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A user JWT: issued by an account key or an account signing key; {@code sub} is the user's public
 * key ({@code U…}).
 */
public final class UserClaims extends Claims {

  /** The user body, in Go's field order. */
  @JsonPropertyOrder({
    "pub",
    "sub",
    "resp",
    "src",
    "times",
    "times_location",
    "subs",
    "data",
    "payload",
    "bearer_token",
    "proxy_required",
    "allowed_connection_types",
    "issuer_account",
    "tags",
    "type",
    "version"
  })
  public static final class Nats extends UserPermissionLimits {
    /** The account identity key, set when the issuer is one of its signing keys. */
    @JsonProperty("issuer_account")
    @JsonInclude(Include.NON_EMPTY)
    public String issuerAccount;

    @JsonInclude(Include.NON_EMPTY)
    public List<String> tags = new ArrayList<>();

    @JsonInclude(Include.NON_EMPTY)
    public String type;

    public int version;
  }

  public Nats nats = new Nats();

  public UserClaims() {}

  /** A user with unlimited subs, data and payload, as Go's {@code NewUserClaims}. */
  public static UserClaims create(String userPublicKey, String name) {
    UserClaims c = new UserClaims();
    c.subject = userPublicKey;
    c.name = name;
    c.nats.unlimited();
    return c;
  }

  /**
   * A user for a scoped signing key: its permissions and limits must stay empty, the key's template
   * replaces them (Go's {@code SetScoped(true)}).
   */
  public static UserClaims createScoped(String userPublicKey, String name, String issuerAccount) {
    UserClaims c = new UserClaims();
    c.subject = userPublicKey;
    c.name = name;
    c.nats.issuerAccount = issuerAccount;
    return c;
  }

  /** The account this user belongs to: {@code issuer_account} if set, else the issuer. */
  public String accountId() {
    return nats.issuerAccount != null && !nats.issuerAccount.isEmpty()
        ? nats.issuerAccount
        : issuer;
  }

  @Override
  public ClaimType type() {
    return ClaimType.USER;
  }
}
