package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.store.StoreLimits;
import io.tributary.dataplane.store.SyncPolicy;
import io.tributary.dataplane.subject.SubjectMapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stream's configuration, with nats-server's JSON field names, defaults ({@link #normalize}) and
 * rules for a create and for an update ({@link #checkUpdate}). Unknown fields are accepted and
 * dropped, as nats-server does outside strict mode.
 */
@JsonPropertyOrder({
  "name",
  "description",
  "subjects",
  "subject_transform",
  "retention",
  "max_consumers",
  "max_msgs",
  "max_bytes",
  "max_age",
  "max_msgs_per_subject",
  "max_msg_size",
  "discard",
  "storage",
  "num_replicas",
  "no_ack",
  "duplicate_window",
  "placement",
  "compression",
  "first_seq",
  "republish",
  "allow_direct",
  "mirror_direct",
  "sealed",
  "deny_delete",
  "deny_purge",
  "allow_rollup_hdrs",
  "discard_new_per_subject",
  "consumer_limits",
  "allow_msg_ttl",
  "metadata",
  "sync"
})
public final class StreamConfig {
  static final int MAX_NAME = 255;
  static final int MAX_DESCRIPTION = 4096;
  static final int MAX_METADATA = 128 * 1024;
  static final long DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2).toNanos();
  static final long MIN_WINDOW = Duration.ofMillis(100).toNanos();

  /** A subject transform ({@code src} to {@code dest}, nats-server's mapping syntax). */
  public static final class Transform {
    @JsonInclude(Include.NON_EMPTY)
    public String src;

    public String dest;
  }

  /** Republish: every stored message matching {@code src} is also published to {@code dest}. */
  public static final class Republish {
    public String src;
    public String dest;

    @JsonProperty("headers_only")
    @JsonInclude(Include.NON_DEFAULT)
    public boolean headersOnly;
  }

  public String name;

  @JsonInclude(Include.NON_EMPTY)
  public String description;

  @JsonInclude(Include.NON_EMPTY)
  public List<String> subjects;

  @JsonProperty("subject_transform")
  @JsonInclude(Include.NON_NULL)
  public Transform subjectTransform;

  public String retention;

  @JsonProperty("max_consumers")
  public long maxConsumers;

  @JsonProperty("max_msgs")
  public long maxMsgs;

  @JsonProperty("max_bytes")
  public long maxBytes;

  @JsonProperty("max_age")
  public long maxAge;

  @JsonProperty("max_msgs_per_subject")
  public long maxMsgsPerSubject;

  @JsonProperty("max_msg_size")
  public long maxMsgSize;

  public String discard;
  public String storage;

  @JsonProperty("num_replicas")
  public int numReplicas;

  @JsonProperty("no_ack")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean noAck;

  @JsonProperty("duplicate_window")
  public long duplicateWindow;

  @JsonInclude(Include.NON_EMPTY)
  public JsonNode placement;

  @JsonInclude(Include.NON_NULL)
  public JsonNode mirror;

  @JsonInclude(Include.NON_EMPTY)
  public JsonNode sources;

  public String compression;

  @JsonProperty("first_seq")
  @JsonInclude(Include.NON_DEFAULT)
  public long firstSeq;

  @JsonInclude(Include.NON_NULL)
  public Republish republish;

  @JsonProperty("allow_direct")
  public boolean allowDirect;

  @JsonProperty("mirror_direct")
  public boolean mirrorDirect;

  public boolean sealed;

  @JsonProperty("deny_delete")
  public boolean denyDelete;

  @JsonProperty("deny_purge")
  public boolean denyPurge;

  @JsonProperty("allow_rollup_hdrs")
  public boolean allowRollup;

  @JsonProperty("discard_new_per_subject")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean discardNewPerSubject;

  @JsonProperty("consumer_limits")
  public JsonNode consumerLimits;

  @JsonProperty("allow_msg_ttl")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean allowMsgTtl;

  @JsonProperty("subject_delete_marker_ttl")
  @JsonInclude(Include.NON_DEFAULT)
  public long subjectDeleteMarkerTtl;

  @JsonInclude(Include.NON_EMPTY)
  public Map<String, String> metadata;

  /**
   * Ours, not nats-server's: when this stream's files are fsynced ({@code always}, an interval such
   * as {@code 1s}, or {@code none}); absent, the node's {@code sync} setting.
   */
  @JsonInclude(Include.NON_NULL)
  public String sync;

  /** Reads a request body; a body that is not a stream config is {@code invalid JSON}. */
  static StreamConfig parse(byte[] body) throws JsApiException {
    if (body.length == 0) {
      throw JsError.JSInvalidJSONErr.exception("unexpected end of JSON input");
    }
    try {
      StreamConfig c = Json.MAPPER.readValue(body, StreamConfig.class);
      if (c == null) {
        throw JsError.JSInvalidJSONErr.exception("null request");
      }
      return c;
    } catch (JsonProcessingException e) {
      throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
    } catch (IOException e) {
      throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
    }
  }

  /** A copy, for an update that may be refused. */
  StreamConfig copy() {
    return Json.MAPPER.convertValue(Json.MAPPER.valueToTree(this), StreamConfig.class);
  }

  ObjectNode toJson() {
    return Json.MAPPER.valueToTree(this);
  }

  /** Same configuration, after both were normalized. */
  boolean sameAs(StreamConfig other) {
    return toJson().equals(other.toJson());
  }

  boolean isMemory() {
    return "memory".equals(storage);
  }

  /** The limits the store enforces. */
  StoreLimits storeLimits() {
    return new StoreLimits(
        maxMsgs,
        maxBytes,
        maxAge > 0 ? Duration.ofNanos(maxAge) : null,
        maxMsgsPerSubject,
        -1, // max_msg_size counts headers and payload, not the subject: the stream checks it
        "new".equals(discard) ? StoreLimits.Discard.NEW : StoreLimits.Discard.OLD,
        discardNewPerSubject);
  }

  /**
   * Fills in nats-server's defaults and checks the configuration on its own (not against other
   * streams): what a create stores and what an update is compared with.
   */
  void normalize() throws JsApiException {
    if (name == null || name.isEmpty()) {
      throw invalid("stream name is required");
    }
    if (name.contains("/") || name.contains("\\")) {
      throw JsError.JSStreamNameContainsPathSeparatorsErr.exception();
    }
    if (!validName(name)) {
      throw invalid("stream name is required and can not contain '.', '*', '>'");
    }
    if (name.length() > MAX_NAME) {
      throw invalid("stream name is too long, maximum allowed is " + MAX_NAME);
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw invalid("stream description is too long, maximum allowed is " + MAX_DESCRIPTION);
    }
    retention = lower(retention, "limits");
    switch (retention) {
      case "limits", "interest", "workqueue" -> {}
      default -> throw JsError.JSInvalidJSONErr.exception("can not unmarshal retention policy");
    }
    discard = lower(discard, "old");
    if (!discard.equals("old") && !discard.equals("new")) {
      throw JsError.JSInvalidJSONErr.exception("can not unmarshal discard policy");
    }
    storage = lower(storage, "file");
    if (!storage.equals("file") && !storage.equals("memory")) {
      throw JsError.JSInvalidJSONErr.exception("can not unmarshal storage type");
    }
    compression = lower(compression, "none");
    if (compression.equals("s2")) {
      throw invalid("compression s2 is not supported (stream data is encrypted, not compressed)");
    } else if (!compression.equals("none")) {
      throw JsError.JSInvalidJSONErr.exception("can not unmarshal compression");
    }
    maxConsumers = unlimited(maxConsumers);
    maxMsgs = unlimited(maxMsgs);
    maxBytes = unlimited(maxBytes);
    maxMsgsPerSubject = unlimited(maxMsgsPerSubject);
    maxMsgSize = unlimited(maxMsgSize);
    if (numReplicas < 0) {
      throw JsError.JSReplicasCountCannotBeNegative.exception();
    }
    if (numReplicas == 0) {
      numReplicas = 1;
    }
    if (numReplicas > 5) {
      throw invalid("maximum replicas is 5");
    }
    if (numReplicas > 1) {
      throw JsError.JSStreamReplicasNotSupportedErr.exception();
    }
    if (maxAge < 0) {
      throw invalid("max age can not be negative");
    }
    if (maxAge > 0 && maxAge < MIN_WINDOW) {
      throw invalid("max age needs to be >= 100ms");
    }
    if (duplicateWindow < 0) {
      throw invalid("duplicates window can not be negative");
    }
    if (duplicateWindow == 0) {
      duplicateWindow =
          maxAge > 0 ? Math.min(maxAge, DEFAULT_DUPLICATE_WINDOW) : DEFAULT_DUPLICATE_WINDOW;
    }
    if (duplicateWindow < MIN_WINDOW) {
      throw invalid("duplicates window needs to be >= 100ms");
    }
    if (maxAge > 0 && duplicateWindow > maxAge) {
      throw invalid("duplicates window can not be larger then max age");
    }
    if (discardNewPerSubject) {
      if (!discard.equals("new")) {
        throw invalid("discard new per subject requires discard new policy to be set");
      }
      if (maxMsgsPerSubject <= 0) {
        throw invalid("discard new per subject requires max msgs per subject > 0");
      }
    }
    if (mirror != null && !mirror.isNull()) {
      throw invalid("stream mirrors are not supported yet");
    }
    mirror = null;
    if (sources != null && !sources.isNull() && !sources.isEmpty()) {
      throw invalid("stream sources are not supported yet");
    }
    sources = null;
    if (mirrorDirect) {
      throw invalid("stream has no mirror but does have mirror direct");
    }
    if (firstSeq < 0) {
      throw invalid("first sequence can not be negative");
    }
    if (denyPurge && allowRollup) {
      throw invalid("roll-ups require the purge permission");
    }
    if (subjectDeleteMarkerTtl < 0) {
      throw invalid("subject delete marker TTL must not be negative");
    }
    if (subjectDeleteMarkerTtl > 0) {
      throw invalid("subject delete markers are not supported yet");
    }
    if (metadata != null) {
      long size = 0;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        size += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
      }
      if (size > MAX_METADATA) {
        throw invalid("stream metadata exceeds maximum size of 128 KB");
      }
    }
    if (sync != null) {
      try {
        sync = SyncPolicy.parse(sync).toString();
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
    }
    if (consumerLimits == null || consumerLimits.isNull()) {
      consumerLimits = Json.object();
    }
    if (placement != null && (placement.isNull() || placement.isEmpty())) {
      placement = null;
    }
    normalizeSubjects();
    normalizeTransforms();
  }

  private void normalizeSubjects() throws JsApiException {
    if (subjects == null || subjects.isEmpty()) {
      subjects = new ArrayList<>(List.of(name));
    }
    Set<String> seen = new HashSet<>();
    for (String s : subjects) {
      if (s == null || !Subjects.isValid(s)) {
        throw invalid("invalid subject");
      }
      if (!seen.add(s)) {
        throw invalid("duplicate subjects detected");
      }
      if (!noAck) {
        checkNotApi(s);
      }
    }
    for (int i = 0; i < subjects.size(); i++) {
      for (int j = i + 1; j < subjects.size(); j++) {
        if (Subjects.collide(subjects.get(i), subjects.get(j))) {
          throw invalid(
              "subject " + quoted(subjects.get(i)) + " overlaps with " + quoted(subjects.get(j)));
        }
      }
    }
  }

  private void normalizeTransforms() throws JsApiException {
    if (subjectTransform != null) {
      String src =
          subjectTransform.src == null || subjectTransform.src.isEmpty()
              ? ">"
              : subjectTransform.src;
      if (!Subjects.isValid(src)) {
        throw JsError.JSStreamTransformInvalidSource.exception("invalid subject " + src);
      }
      String dest = subjectTransform.dest;
      if (dest == null || dest.isEmpty()) {
        throw JsError.JSStreamTransformInvalidDestination.exception("destination is required");
      }
      try {
        SubjectMapping.map(src, dest, src.replace("*", "x").replace(">", "x"));
      } catch (RuntimeException e) {
        throw JsError.JSStreamTransformInvalidDestination.exception(e.getMessage());
      }
    }
    if (republish != null) {
      if (republish.src == null || republish.src.isEmpty()) {
        republish.src = ">";
      }
      if (!Subjects.isValid(republish.src)) {
        throw invalid("stream republish source subject is not valid");
      }
      if (republish.dest == null || !Subjects.isValid(republish.dest)) {
        throw invalid("stream republish destination subject is not valid");
      }
      for (String s : subjects) {
        if (Subjects.collide(s, republish.dest)) {
          throw invalid("stream republish destination forms a cycle");
        }
      }
      try {
        SubjectMapping.map(
            republish.src, republish.dest, republish.src.replace("*", "x").replace(">", "x"));
      } catch (RuntimeException e) {
        throw invalid("stream republish transform: " + e.getMessage());
      }
    }
  }

  /** Checks that {@code next} (normalized) may replace this configuration; applies sealing. */
  void checkUpdate(StreamConfig next) throws JsApiException {
    if (!storage.equals(next.storage)) {
      throw invalid("stream configuration update can not change storage type");
    }
    if (!retention.equals(next.retention)) {
      throw invalid("stream configuration update can not change retention policy");
    }
    if (sealed && !next.sealed) {
      throw invalid("stream configuration update can not unseal a sealed stream");
    }
    if (denyDelete && !next.denyDelete) {
      throw invalid("stream configuration update can not cancel deny message deletes");
    }
    if (denyPurge && !next.denyPurge) {
      throw invalid("stream configuration update can not cancel deny purge");
    }
    if (allowMsgTtl && !next.allowMsgTtl) {
      throw invalid("message TTL status can not be disabled");
    }
    if (next.firstSeq != firstSeq) {
      throw invalid("stream configuration update can not change first sequence");
    }
    if (next.sealed) {
      next.maxAge = 0;
      next.discard = "new";
      next.denyDelete = true;
      next.denyPurge = true;
      next.allowRollup = false;
    }
  }

  /** A create may not ask for a sealed stream. */
  void checkCreate() throws JsApiException {
    if (sealed) {
      throw invalid("stream configuration for create can not be sealed");
    }
  }

  /** The subject a message is stored under (after the stream's subject transform). */
  String storedSubject(String subject) {
    if (subjectTransform == null) {
      return subject;
    }
    String src =
        subjectTransform.src == null || subjectTransform.src.isEmpty() ? ">" : subjectTransform.src;
    if (!Subjects.matches(src, subject)) {
      return subject;
    }
    return SubjectMapping.map(src, subjectTransform.dest, subject);
  }

  static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c) || c < 0x20) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  // As nats-server: capturing everything, or the server's own subjects, needs no_ack (except the
  // advisory subjects $JS.EVENT.> and $SYS.ACCOUNT.>).
  private static void checkNotApi(String s) throws JsApiException {
    if (s.equals(">")) {
      throw invalid("capturing all subjects requires no-ack to be true");
    }
    if (Subjects.isSubsetOf(s, "$JS.EVENT.>") || Subjects.isSubsetOf(s, "$SYS.ACCOUNT.>")) {
      return;
    }
    for (String api : new String[] {"$JS.>", "$JSC.>", "$NRG.>"}) {
      if (Subjects.collide(s, api)) {
        throw invalid("subjects that overlap with jetstream api require no-ack to be true");
      }
    }
    if (Subjects.collide(s, "$SYS.>")) {
      throw invalid("subjects that overlap with system api require no-ack to be true");
    }
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  private static long unlimited(long v) {
    return v <= 0 ? -1 : v;
  }

  private static String lower(String v, String def) {
    return v == null || v.isEmpty() ? def : v.toLowerCase(Locale.ROOT);
  }

  static JsApiException invalid(String why) {
    return JsError.JSStreamInvalidConfigF.exception(why);
  }

  /** Metadata in a stable order (for equal configurations to compare equal). */
  public void setMetadata(Map<String, String> m) {
    metadata = m == null ? null : new LinkedHashMap<>(new java.util.TreeMap<>(m));
  }
}
