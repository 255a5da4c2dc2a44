package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A stream or service an account offers to other accounts, publicly or to holders of an activation
 * token.
 */
@JsonPropertyOrder({
  "name",
  "subject",
  "type",
  "token_req",
  "revocations",
  "response_type",
  "response_threshold",
  "service_latency",
  "account_token_position",
  "advertise",
  "allow_trace",
  "description",
  "info_url"
})
public final class Export extends JsonFields {
  public static final String RESPONSE_SINGLETON = "Singleton";
  public static final String RESPONSE_STREAM = "Stream";
  public static final String RESPONSE_CHUNKED = "Chunked";

  @JsonInclude(Include.NON_EMPTY)
  public String name;

  @JsonInclude(Include.NON_EMPTY)
  public String subject;

  @JsonInclude(Include.NON_NULL)
  public ExportType type;

  /** Private: importers need an activation token. */
  @JsonProperty("token_req")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean tokenRequired;

  /** Revoked activations: importing account (or {@code "*"}) to Unix seconds. */
  @JsonInclude(Include.NON_EMPTY)
  public RevocationList revocations = new RevocationList();

  /** {@code Singleton} (default when empty), {@code Stream} or {@code Chunked}; services only. */
  @JsonProperty("response_type")
  @JsonInclude(Include.NON_EMPTY)
  public String responseType;

  /** Nanoseconds a responder may take before the response mapping is dropped; services only. */
  @JsonProperty("response_threshold")
  @JsonInclude(Include.NON_DEFAULT)
  public long responseThresholdNanos;

  @JsonProperty("service_latency")
  @JsonInclude(Include.NON_NULL)
  public ServiceLatency latency;

  /**
   * 1-based token of {@code subject} that must equal the importing account's id; that token must be
   * {@code *}.
   */
  @JsonProperty("account_token_position")
  @JsonInclude(Include.NON_DEFAULT)
  public int accountTokenPosition;

  @JsonInclude(Include.NON_DEFAULT)
  public boolean advertise;

  @JsonProperty("allow_trace")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean allowTrace;

  @JsonInclude(Include.NON_EMPTY)
  public String description;

  @JsonProperty("info_url")
  @JsonInclude(Include.NON_EMPTY)
  public String infoUrl;

  public Export() {}

  public Export(String name, String subject, ExportType type) {
    this.name = name;
    this.subject = subject;
    this.type = type;
  }

  /** True if importers need an activation (token-required or an account token position). */
  public boolean isPrivate() {
    return tokenRequired || accountTokenPosition > 0;
  }
}
