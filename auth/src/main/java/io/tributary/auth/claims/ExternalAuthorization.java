package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Auth callout settings of an account; enabled when {@link #authUsers} is not empty. */
@JsonPropertyOrder({"auth_users", "allowed_accounts", "xkey"})
public final class ExternalAuthorization extends JsonFields {
  @JsonProperty("auth_users")
  @JsonInclude(Include.NON_EMPTY)
  public List<String> authUsers = new ArrayList<>();

  @JsonProperty("allowed_accounts")
  @JsonInclude(Include.NON_EMPTY)
  public List<String> allowedAccounts = new ArrayList<>();

  @JsonInclude(Include.NON_EMPTY)
  public String xkey;
}
