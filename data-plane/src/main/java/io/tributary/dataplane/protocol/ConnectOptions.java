package io.tributary.dataplane.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The CONNECT document. Absent fields keep nats-server's defaults: {@code verbose}, {@code
 * pedantic} and {@code echo} are true unless the client says otherwise. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ConnectOptions {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
          .build();

  public boolean verbose = true;
  public boolean pedantic = true;
  public boolean echo = true;

  @JsonProperty("tls_required")
  public boolean tlsRequired;

  public String name;
  public String lang;
  public String version;
  public int protocol;
  public boolean headers;

  @JsonProperty("no_responders")
  public boolean noResponders;

  public String user;
  public String pass;

  @JsonProperty("auth_token")
  public String authToken;

  public String nkey;
  public String sig;
  public String jwt;
  public String account;

  @JsonProperty("new_account")
  public String newAccount;

  /** The defaults that apply before (or without) a CONNECT. */
  public static ConnectOptions defaults() {
    return new ConnectOptions();
  }

  /** Parses CONNECT's JSON; null if it is not a JSON object of the right shape. */
  public static ConnectOptions parse(String json) {
    try {
      return MAPPER.readValue(json, ConnectOptions.class);
    } catch (Exception e) {
      return null;
    }
  }
}
