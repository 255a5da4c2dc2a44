package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.subject.SubjectFilter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A consumer's configuration, with nats-server's JSON field names, defaults ({@link #normalize})
 * and rules for a create ({@link #check}) and an update ({@link #checkUpdate}). Unknown fields are
 * accepted and dropped, as nats-server does outside strict mode.
 */
@JsonPropertyOrder({
  "durable_name",
  "name",
  "description",
  "deliver_policy",
  "opt_start_seq",
  "opt_start_time",
  "ack_policy",
  "ack_wait",
  "max_deliver",
  "backoff",
  "filter_subject",
  "filter_subjects",
  "replay_policy",
  "rate_limit_bps",
  "sample_freq",
  "max_waiting",
  "max_ack_pending",
  "flow_control",
  "headers_only",
  "max_batch",
  "max_expires",
  "max_bytes",
  "deliver_subject",
  "deliver_group",
  "idle_heartbeat",
  "inactive_threshold",
  "num_replicas",
  "mem_storage",
  "metadata",
  "pause_until"
})
public final class ConsumerConfig {
  static final long DEFAULT_ACK_WAIT = Duration.ofSeconds(30).toNanos();
  static final int DEFAULT_MAX_ACK_PENDING = 1000;
  static final int DEFAULT_MAX_WAITING = 512;
  static final long DEFAULT_EPHEMERAL_INACTIVITY = Duration.ofSeconds(5).toNanos();
  static final long MIN_HEARTBEAT = Duration.ofMillis(100).toNanos();

  @JsonProperty("durable_name")
  @JsonInclude(Include.NON_EMPTY)
  public String durable;

  @JsonInclude(Include.NON_EMPTY)
  public String name;

  @JsonInclude(Include.NON_EMPTY)
  public String description;

  @JsonProperty("deliver_policy")
  public String deliverPolicy;

  @JsonProperty("opt_start_seq")
  @JsonInclude(Include.NON_DEFAULT)
  public long optStartSeq;

  @JsonProperty("opt_start_time")
  @JsonInclude(Include.NON_EMPTY)
  public String optStartTime;

  @JsonProperty("ack_policy")
  public String ackPolicy;

  @JsonProperty("ack_wait")
  @JsonInclude(Include.NON_DEFAULT)
  public long ackWait;

  @JsonProperty("max_deliver")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxDeliver;

  @JsonInclude(Include.NON_EMPTY)
  public List<Long> backoff;

  @JsonProperty("filter_subject")
  @JsonInclude(Include.NON_EMPTY)
  public String filterSubject;

  @JsonProperty("filter_subjects")
  @JsonInclude(Include.NON_EMPTY)
  public List<String> filterSubjects;

  @JsonProperty("replay_policy")
  public String replayPolicy;

  @JsonProperty("rate_limit_bps")
  @JsonInclude(Include.NON_DEFAULT)
  public long rateLimit;

  @JsonProperty("sample_freq")
  @JsonInclude(Include.NON_EMPTY)
  public String sampleFreq;

  @JsonProperty("max_waiting")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxWaiting;

  @JsonProperty("max_ack_pending")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxAckPending;

  @JsonProperty("flow_control")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean flowControl;

  @JsonProperty("headers_only")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean headersOnly;

  @JsonProperty("max_batch")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxBatch;

  @JsonProperty("max_expires")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxExpires;

  @JsonProperty("max_bytes")
  @JsonInclude(Include.NON_DEFAULT)
  public long maxBytes;

  @JsonProperty("deliver_subject")
  @JsonInclude(Include.NON_EMPTY)
  public String deliverSubject;

  @JsonProperty("deliver_group")
  @JsonInclude(Include.NON_EMPTY)
  public String deliverGroup;

  @JsonProperty("idle_heartbeat")
  @JsonInclude(Include.NON_DEFAULT)
  public long idleHeartbeat;

  @JsonProperty("inactive_threshold")
  @JsonInclude(Include.NON_DEFAULT)
  public long inactiveThreshold;

  @JsonProperty("num_replicas")
  public int numReplicas;

  @JsonProperty("mem_storage")
  @JsonInclude(Include.NON_DEFAULT)
  public boolean memStorage;

  @JsonInclude(Include.NON_EMPTY)
  public Map<String, String> metadata;

  @JsonProperty("pause_until")
  @JsonInclude(Include.NON_EMPTY)
  public String pauseUntil;

  /** Metadata in a stable order (for equal configurations to compare equal). */
  public void setMetadata(Map<String, String> m) {
    metadata = m == null ? null : new LinkedHashMap<>(new TreeMap<>(m));
  }

  /** The request a create carries: {@code stream_name}, {@code config}, {@code action}. */
  record Request(String stream, ConsumerConfig config, String action) {
    static Request parse(byte[] body) throws JsApiException {
      if (body.length == 0) {
        throw JsError.JSInvalidJSONErr.exception("unexpected end of JSON input");
      }
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
      }
      if (n == null || !n.isObject()) {
        throw JsError.JSInvalidJSONErr.exception("request is not a JSON object");
      }
      JsonNode c = n.get("config");
      ConsumerConfig config;
      try {
        // No config is the empty one, as nats-server reads it.
        config =
            c == null || c.isNull()
                ? new ConsumerConfig()
                : Json.MAPPER.treeToValue(c, ConsumerConfig.class);
      } catch (IOException e) {
        throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
      }
      config.checkPolicies();
      return new Request(
          n.path("stream_name").asText(""), config, n.path("action").asText("").strip());
    }
  }

  // Policies are enums in nats-server: an unknown one fails the request's JSON decoding.
  private void checkPolicies() throws JsApiException {
    enumValue(
        "deliver_policy",
        deliverPolicy,
        List.of("all", "last", "new", "by_start_sequence", "by_start_time", "last_per_subject"));
    enumValue("ack_policy", ackPolicy, List.of("none", "all", "explicit"));
    enumValue("replay_policy", replayPolicy, List.of("instant", "original"));
  }

  private static void enumValue(String field, String value, List<String> allowed)
      throws JsApiException {
    if (value != null && !value.isEmpty() && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
      throw JsError.JSInvalidJSONErr.exception(
          "json: can not unmarshal \"" + value + "\" into " + field);
    }
  }

  ObjectNode toJson() {
    return Json.MAPPER.valueToTree(this);
  }

  ConsumerConfig copy() {
    return Json.MAPPER.convertValue(toJson(), ConsumerConfig.class);
  }

  /** Same configuration, after both were normalized (pause_until aside: PAUSE sets it). */
  boolean sameAs(ConsumerConfig other) {
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    a.remove("pause_until");
    b.remove("pause_until");
    return a.equals(b);
  }

  boolean isPush() {
    return deliverSubject != null && !deliverSubject.isEmpty();
  }

  boolean isDurable() {
    return durable != null && !durable.isEmpty();
  }

  boolean acks() {
    return !"none".equals(ackPolicy);
  }

  /** The filters as one list ({@code filter_subject} or {@code filter_subjects}). */
  List<String> filters() {
    if (filterSubject != null && !filterSubject.isEmpty()) {
      return List.of(filterSubject);
    }
    return filterSubjects == null ? List.of() : filterSubjects;
  }

  SubjectFilter subjectFilter(List<String> streamSubjects) {
    return SubjectFilter.of(filters()).within(streamSubjects);
  }

  /** How long to wait for an ack after a delivery: {@code backoff} by delivery, or ack wait. */
  long ackWaitFor(long deliveries) {
    if (backoff != null && !backoff.isEmpty()) {
      int i = (int) Math.min(Math.max(deliveries - 1, 0), backoff.size() - 1);
      return backoff.get(i);
    }
    return ackWait;
  }

  /**
   * Fills in nats-server's defaults ({@code setConsumerConfigDefaults}) with the stream's consumer
   * limits and the account's max ack pending.
   */
  void normalize(StreamConfig stream, JsLimits account) {
    deliverPolicy = lower(deliverPolicy, "all");
    ackPolicy = lower(ackPolicy, "none");
    replayPolicy = lower(replayPolicy, "instant");
    if (maxDeliver == 0 || maxDeliver < -1) {
      maxDeliver = -1;
    }
    maxWaiting = Math.max(0, maxWaiting);
    if (maxAckPending < -1) {
      maxAckPending = -1;
    }
    maxBatch = Math.max(0, maxBatch);
    maxExpires = Math.max(0, maxExpires);
    maxBytes = Math.max(0, maxBytes);
    idleHeartbeat = Math.max(0, idleHeartbeat);
    inactiveThreshold = Math.max(0, inactiveThreshold);
    if (!isPush() && maxWaiting == 0) {
      maxWaiting = DEFAULT_MAX_WAITING;
    }
    if (ackWait == 0 && acks()) {
      ackWait = DEFAULT_ACK_WAIT;
    }
    if (backoff != null && !backoff.isEmpty()) {
      ackWait = backoff.get(0);
    }
    JsonNode limits = stream.consumerLimits;
    if (maxAckPending == 0 && limits != null) {
      maxAckPending = limits.path("max_ack_pending").asLong(0);
    }
    if (inactiveThreshold == 0 && limits != null) {
      inactiveThreshold = limits.path("inactive_threshold").asLong(0);
    }
    if (maxAckPending == 0 && acks()) {
      long pending = DEFAULT_MAX_ACK_PENDING;
      if (account != null && account.maxAckPending() > 0 && account.maxAckPending() < pending) {
        pending = account.maxAckPending();
      }
      maxAckPending = pending;
    }
    if (filterSubject != null && filterSubject.isEmpty()) {
      filterSubject = null;
    }
    if (filterSubjects != null && filterSubjects.isEmpty()) {
      filterSubjects = null;
    }
  }

  /**
   * nats-server's {@code checkConsumerCfg}: the configuration on its own and against its stream.
   */
  void check(StreamConfig stream, JsLimits account) throws JsApiException {
    if (name != null && !name.isEmpty() && !validName(name)) {
      throw invalid("consumer name can not contain '.', '*', '>', '\\', '/'");
    }
    if (isDurable() && !validName(durable)) {
      throw invalid("consumer durable name can not contain '.', '*', '>', '\\', '/'");
    }
    if (numReplicas < 0) {
      throw JsError.JSReplicasCountCannotBeNegative.exception();
    }
    if (numReplicas > 0 && numReplicas > stream.numReplicas) {
      throw JsError.JSConsumerReplicasExceedsStream.exception();
    }
    if (backoff != null) {
      for (Long b : backoff) {
        if (b == null || b < 0) {
          throw JsError.JSConsumerBackOffNegativeErr.exception();
        }
      }
    }
    if (ackWait < 0) {
      throw JsError.JSConsumerAckWaitNegativeErr.exception();
    }
    if (backoff != null && !backoff.isEmpty() && maxDeliver != -1 && backoff.size() > maxDeliver) {
      throw JsError.JSConsumerMaxDeliverBackoffErr.exception();
    }
    if (description != null && description.length() > StreamConfig.MAX_DESCRIPTION) {
      throw JsError.JSConsumerDescriptionTooLongErrF.exception(StreamConfig.MAX_DESCRIPTION);
    }
    if (isPush()) {
      if (!Subjects.isValidLiteral(deliverSubject)) {
        throw Subjects.isValid(deliverSubject)
            ? JsError.JSConsumerDeliverToWildcardsErr.exception()
            : JsError.JSConsumerInvalidDeliverSubject.exception();
      }
      for (String s : stream.subjects) {
        if (Subjects.matches(s, deliverSubject)) {
          throw JsError.JSConsumerDeliverCycleErr.exception();
        }
      }
      if (maxWaiting != 0) {
        throw JsError.JSConsumerPushMaxWaitingErr.exception();
      }
      if (maxAckPending > 0 && !acks()) {
        throw JsError.JSConsumerMaxPendingAckPolicyRequiredErr.exception();
      }
      if (idleHeartbeat > 0 && idleHeartbeat < MIN_HEARTBEAT) {
        throw JsError.JSConsumerSmallHeartbeatErr.exception();
      }
    } else {
      if (!acks() && "workqueue".equals(stream.retention)) {
        throw JsError.JSConsumerPullRequiresAckErr.exception();
      }
      if (rateLimit > 0) {
        throw JsError.JSConsumerPullWithRateLimitErr.exception();
      }
      if (idleHeartbeat > 0) {
        throw JsError.JSConsumerHBRequiresPushErr.exception();
      }
      if (flowControl) {
        throw JsError.JSConsumerFCRequiresPushErr.exception();
      }
      if (maxExpires != 0 && maxExpires < Duration.ofMillis(1).toNanos()) {
        throw JsError.JSConsumerMaxRequestExpiresTooSmall.exception();
      }
    }
    if (account != null && account.maxAckPending() > 0 && maxAckPending > account.maxAckPending()) {
      throw JsError.JSConsumerMaxPendingAckExcessErrF.exception(account.maxAckPending());
    }
    JsonNode limits = stream.consumerLimits;
    long streamMaxAckPending = limits == null ? 0 : limits.path("max_ack_pending").asLong(0);
    if (streamMaxAckPending > 0 && maxAckPending > streamMaxAckPending) {
      throw JsError.JSConsumerMaxPendingAckExcessErrF.exception(streamMaxAckPending);
    }
    long streamInactive = limits == null ? 0 : limits.path("inactive_threshold").asLong(0);
    if (streamInactive > 0 && inactiveThreshold > streamInactive) {
      throw JsError.JSConsumerInactiveThresholdExcess.exception(GoDuration.format(streamInactive));
    }
    if (filterSubject != null && filterSubjects != null) {
      throw JsError.JSConsumerDuplicateFilterSubjects.exception();
    }
    if (filterSubject != null && !Subjects.isValid(filterSubject)) {
      throw invalid("invalid subject");
    }
    if (filterSubjects != null) {
      for (String f : filterSubjects) {
        if (f == null || f.isEmpty()) {
          throw JsError.JSConsumerEmptyFilter.exception();
        }
      }
    }
    List<String> filters = filters();
    for (int i = 0; i < filters.size(); i++) {
      if (!Subjects.isValid(filters.get(i))) {
        throw invalid("invalid subject");
      }
      for (int j = 0; j < filters.size(); j++) {
        if (i != j
            && (Subjects.isSubsetOf(filters.get(i), filters.get(j))
                || Subjects.isSubsetOf(filters.get(j), filters.get(i)))) {
          throw JsError.JSConsumerOverlappingSubjectFilters.exception();
        }
      }
    }
    checkStart();
    if (sampleFreq != null && !sampleFreq.isEmpty()) {
      String s =
          sampleFreq.endsWith("%") ? sampleFreq.substring(0, sampleFreq.length() - 1) : sampleFreq;
      try {
        if (Integer.parseInt(s) < 0) {
          throw JsError.JSConsumerInvalidSamplingErrF.exception("negative value");
        }
      } catch (NumberFormatException e) {
        throw JsError.JSConsumerInvalidSamplingErrF.exception(
            "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
      }
    }
    if (flowControl && idleHeartbeat == 0) {
      throw JsError.JSConsumerWithFlowControlNeedsHeartbeats.exception();
    }
    if (isDurable() && name != null && !name.isEmpty() && !name.equals(durable)) {
      throw JsError.JSConsumerCreateDurableAndNameMismatch.exception();
    }
    if (metadata != null) {
      long size = 0;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        size += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
      }
      if (size > StreamConfig.MAX_METADATA) {
        throw JsError.JSConsumerMetadataLengthErrF.exception("128KB");
      }
    }
    if ("workqueue".equals(stream.retention)) {
      if (!"explicit".equals(ackPolicy)) {
        throw JsError.JSConsumerWQRequiresExplicitAckErr.exception();
      }
      if (!"all".equals(deliverPolicy)) {
        throw JsError.JSConsumerWQConsumerNotDeliverAllErr.exception();
      }
    }
    if (optStartTime != null && !optStartTime.isEmpty()) {
      Json.parseTime(optStartTime);
    }
    if (pauseUntil != null && !pauseUntil.isEmpty()) {
      Json.parseTime(pauseUntil);
    }
  }

  private void checkStart() throws JsApiException {
    boolean seq = optStartSeq > 0;
    boolean time = optStartTime != null && !optStartTime.isEmpty();
    String dp =
        switch (deliverPolicy) {
          case "all" -> "all";
          case "last" -> "last";
          case "new" -> "new";
          case "last_per_subject" -> "last per subject";
          case "by_start_sequence" -> "by start sequence";
          case "by_start_time" -> "by start time";
          default -> null;
        };
    if (dp == null) {
      throw JsError.JSInvalidJSONErr.exception("can not unmarshal deliver policy " + deliverPolicy);
    }
    switch (deliverPolicy) {
      case "by_start_sequence" -> {
        if (!seq) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(notSet(dp, "start sequence"));
        }
        if (time) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(badStart(dp, "time"));
        }
      }
      case "by_start_time" -> {
        if (!time) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(notSet(dp, "start time"));
        }
        if (seq) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(badStart(dp, "start sequence"));
        }
      }
      default -> {
        if (seq) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(badStart(dp, "sequence"));
        }
        if (time) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(badStart(dp, "time"));
        }
        if (deliverPolicy.equals("last_per_subject") && filters().isEmpty()) {
          throw JsError.JSConsumerInvalidPolicyErrF.exception(notSet(dp, "filter subject"));
        }
      }
    }
  }

  private static String badStart(String dp, String start) {
    return "consumer delivery policy is deliver "
        + dp
        + ", but optional start "
        + start
        + " is also set";
  }

  private static String notSet(String dp, String what) {
    return "consumer delivery policy is deliver " + dp + ", but optional " + what + " is not set";
  }

  /**
   * nats-server's update rules: what an existing consumer may not change. Returns null when the
   * update is allowed, else the reason (answered as 10012).
   */
  String updateRefused(ConsumerConfig next, boolean deliverSubjectBound) {
    if (!Objects.equals(deliverPolicy, next.deliverPolicy)) {
      return "deliver policy can not be updated";
    }
    if (optStartSeq != next.optStartSeq) {
      return "start sequence can not be updated";
    }
    if (!Objects.equals(emptyToNull(optStartTime), emptyToNull(next.optStartTime))) {
      return "start time can not be updated";
    }
    if (!Objects.equals(ackPolicy, next.ackPolicy)) {
      return "ack policy can not be updated";
    }
    if (!Objects.equals(replayPolicy, next.replayPolicy)) {
      return "replay policy can not be updated";
    }
    if (idleHeartbeat != next.idleHeartbeat) {
      return "heart beats can not be updated";
    }
    if (flowControl != next.flowControl) {
      return "flow control can not be updated";
    }
    if (maxWaiting != next.maxWaiting) {
      return "max waiting can not be updated";
    }
    if (memStorage != next.memStorage) {
      return "can not update memory storage";
    }
    if (isPush() != next.isPush()) {
      return isPush()
          ? "can not update push consumer to pull based"
          : "can not update pull consumer to push based";
    }
    if (isPush() && !deliverSubject.equals(next.deliverSubject) && deliverSubjectBound) {
      return "consumer name already in use";
    }
    if (!Objects.equals(emptyToNull(deliverGroup), emptyToNull(next.deliverGroup))
        && deliverSubjectBound) {
      return "consumer name already in use";
    }
    return null;
  }

  static boolean validName(String name) {
    return StreamConfig.validName(name) && !name.contains("/") && !name.contains("\\");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String lower(String v, String def) {
    return v == null || v.isEmpty() ? def : v.toLowerCase(Locale.ROOT);
  }

  static JsApiException invalid(String why) {
    return JsError.JSStreamInvalidConfigF.exception(why);
  }

  /** Filter tokens as the create subject carries them ({@code CREATE.<S>.<C>.<filter...>}). */
  static String joinTokens(List<String> tokens, int from) {
    List<String> rest = new ArrayList<>(tokens.subList(from, tokens.size()));
    return String.join(".", rest);
  }
}
