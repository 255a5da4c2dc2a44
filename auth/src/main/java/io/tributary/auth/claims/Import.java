package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An import of another account's export. {@code subject} is always from the publisher's side: the
 * exporter's subject for a stream, the subject the importer sends requests to for a service.
 */
@JsonPropertyOrder({
  "name",
  "subject",
  "account",
  "token",
  "to",
  "local_subject",
  "type",
  "share",
  "allow_trace"
})
public final class Import extends JsonFields {
  @JsonInclude(Include.NON_EMPTY)
  public String name;

  @JsonInclude(Include.NON_EMPTY)
  public String subject;

  /** The exporting account ({@code A…}). */
  @JsonInclude(Include.NON_EMPTY)
  public String account;

  /** Activation JWT, needed when the export is token-required. */
  @JsonInclude(Include.NON_EMPTY)
  public String token;

  /** Deprecated form of {@link #localSubject}. */
  @JsonInclude(Include.NON_EMPTY)
  public String to;

  /**
   * Where the import appears in the importing account; may use {@code $1}… for wildcards of {@code
   * subject}.
   */
  @JsonProperty("local_subject")
  @JsonInclude(Include.NON_EMPTY)
  public String localSubject;

  @JsonInclude(Include.NON_NULL)
  public ExportType type;

  /** Share the importer's identity with the service for latency tracking. */
  @JsonInclude(Include.NON_DEFAULT)
  public boolean share;

  @JsonProperty("allow_trace")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean allowTrace;

  public Import() {}

  public Import(String name, String subject, String account, ExportType type) {
    this.name = name;
    this.subject = subject;
    this.account = account;
    this.type = type;
  }

  /**
   * The subject in the exporting account. For a service that is {@code subject} when a {@code
   * local_subject} renames it, else the deprecated {@code to} if set (nats-server reads a service
   * import's {@code to} as the exporter's subject), else {@code subject}.
   */
  public String exporterSubject() {
    if (type == ExportType.SERVICE && !present(localSubject) && present(to)) {
      return to;
    }
    return subject;
  }

  /**
   * The subject the import appears under in the importing account: {@code local_subject} if set;
   * for a stream with the deprecated {@code to}, that prefix plus {@code subject} (as nats-server
   * does); else {@code subject}.
   */
  public String importerSubject() {
    if (present(localSubject)) {
      return localSubject;
    }
    if (type == ExportType.STREAM && present(to)) {
      return to.endsWith(".") ? to + subject : to + "." + subject;
    }
    return subject;
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
