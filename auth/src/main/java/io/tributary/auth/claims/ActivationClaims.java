package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An activation token: the exporting account (or one of its signing keys) grants the importing
 * account ({@code sub}) access to a private export.
 */
public final class ActivationClaims extends Claims {

  /** The activation body, in Go's field order. */
  @JsonPropertyOrder({"subject", "kind", "issuer_account", "tags", "type", "version"})
  public static final class Nats extends GenericFields {
    /** The exported subject granted; may contain wildcards. */
    @JsonInclude(Include.NON_EMPTY)
    public String subject;

    @JsonInclude(Include.NON_NULL)
    public ExportType kind;

    /** The exporting account, set when a signing key issued the token. */
    @JsonProperty("issuer_account")
    @JsonInclude(Include.NON_EMPTY)
    public String issuerAccount;
  }

  public Nats nats = new Nats();

  public ActivationClaims() {}

  public static ActivationClaims create(String importingAccount, String subject, ExportType kind) {
    ActivationClaims c = new ActivationClaims();
    c.subject = importingAccount;
    c.nats.subject = subject;
    c.nats.kind = kind;
    return c;
  }

  /** The exporting account: {@code issuer_account} if set, else the issuer. */
  public String exporterId() {
    return nats.issuerAccount != null && !nats.issuerAccount.isEmpty()
        ? nats.issuerAccount
        : issuer;
  }

  @Override
  public ClaimType type() {
    return ClaimType.ACTIVATION;
  }
}
