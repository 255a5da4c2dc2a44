package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The standard claims every NATS JWT carries ({@code ClaimsData} in nats-io/jwt), in Go's field
 * order. The type-specific body is the {@code nats} object of each subclass.
 *
 * <p>Claims are mutable data holders, like the Go structs they mirror, and not thread-safe. {@code
 * iss}, {@code iat} and {@code jti} are set by {@link io.tributary.auth.jwt.JwtCodec#encode} when
 * the token is signed.
 */
@JsonPropertyOrder({"aud", "exp", "jti", "iat", "iss", "name", "nbf", "sub", "nats"})
public abstract sealed class Claims extends JsonFields
    permits OperatorClaims, AccountClaims, UserClaims, ActivationClaims, GenericClaims {

  @JsonProperty("aud")
  @JsonInclude(Include.NON_EMPTY)
  public String audience;

  /** Expiry, Unix seconds; 0 means never. */
  @JsonProperty("exp")
  @JsonInclude(Include.NON_DEFAULT)
  public long expires;

  @JsonProperty("jti")
  @JsonInclude(Include.NON_EMPTY)
  public String id;

  /** Issued at, Unix seconds. Drives revocation and "newer JWT wins". */
  @JsonProperty("iat")
  @JsonInclude(Include.NON_DEFAULT)
  public long issuedAt;

  /** Public key of the signer. */
  @JsonProperty("iss")
  @JsonInclude(Include.NON_EMPTY)
  public String issuer;

  @JsonProperty("name")
  @JsonInclude(Include.NON_EMPTY)
  public String name;

  /** Not before, Unix seconds; 0 means no constraint. */
  @JsonProperty("nbf")
  @JsonInclude(Include.NON_DEFAULT)
  public long notBefore;

  /** Public key of what the token describes. */
  @JsonProperty("sub")
  @JsonInclude(Include.NON_EMPTY)
  public String subject;

  protected Claims() {}

  protected Claims(String subject, String name) {
    this.subject = subject;
    this.name = name;
  }

  /** The kind of this claim. */
  public abstract ClaimType type();

  /** True if {@code exp} is set and {@code nowSeconds} is past it (Go: {@code now > exp}). */
  public boolean isExpired(long nowSeconds) {
    return expires > 0 && nowSeconds > expires;
  }

  /** True if {@code nbf} is set and still in the future. */
  public boolean isNotYetValid(long nowSeconds) {
    return notBefore > 0 && notBefore > nowSeconds;
  }
}
