package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An operator JWT: self-signed by the operator identity key ({@code iss == sub == O…}). */
public final class OperatorClaims extends Claims {

  /** The operator body, in Go's field order. */
  @JsonPropertyOrder({
    "signing_keys",
    "account_server_url",
    "operator_service_urls",
    "system_account",
    "assert_server_version",
    "strict_signing_key_usage",
    "tags",
    "type",
    "version"
  })
  public static final class Nats extends GenericFields {
    /** Operator signing keys ({@code O…}) that may sign account JWTs. */
    @JsonProperty("signing_keys")
    @JsonInclude(Include.NON_EMPTY)
    public List<String> signingKeys = new ArrayList<>();

    @JsonProperty("account_server_url")
    @JsonInclude(Include.NON_EMPTY)
    public String accountServerUrl;

    @JsonProperty("operator_service_urls")
    @JsonInclude(Include.NON_EMPTY)
    public List<String> operatorServiceUrls = new ArrayList<>();

    /** The system account ({@code A…}). */
    @JsonProperty("system_account")
    @JsonInclude(Include.NON_EMPTY)
    public String systemAccount;

    @JsonProperty("assert_server_version")
    @JsonInclude(Include.NON_EMPTY)
    public String assertServerVersion;

    /** Only signing keys may sign accounts, and account keys may not sign users directly. */
    @JsonProperty("strict_signing_key_usage")
    @JsonInclude(Include.NON_DEFAULT)
    public boolean strictSigningKeyUsage;
  }

  public Nats nats = new Nats();

  public OperatorClaims() {}

  public static OperatorClaims create(String operatorPublicKey, String name) {
    OperatorClaims c = new OperatorClaims();
    c.subject = operatorPublicKey;
    c.name = name;
    return c;
  }

  /** True if {@code key} is the identity key or one of the signing keys. */
  public boolean didSign(String key) {
    return key != null && (key.equals(subject) || nats.signingKeys.contains(key));
  }

  @Override
  public ClaimType type() {
    return ClaimType.OPERATOR;
  }
}
