package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JetStream API errors this node answers with, named as nats-server names them. Their HTTP-like
 * code, error code and description are data: {@code errors.json} beside this class, in
 * nats-server's format (clients match some descriptions textually, so they are copied exactly). A
 * description may hold one placeholder ({@code {err}}, {@code {seq}}, {@code {id}}), filled by
 * {@link #exception(Object)}.
 */
public enum JsError {
  JSAccountResourcesExceededErr,
  JSBadRequestErr,
  JSClusterRequiredErr,
  JSConsumerCreateErrF,
  JSConsumerNameExistErr,
  JSConsumerNotFoundErr,
  JSConsumerDurableNameNotInSubjectErr,
  JSConsumerDurableNameNotMatchSubjectErr,
  JSConsumerDurableNameNotSetErr,
  JSConsumerEphemeralWithDurableInSubjectErr,
  JSConsumerEphemeralWithDurableNameErr,
  JSInsufficientResourcesErr,
  JSInvalidJSONErr,
  JSMaximumConsumersLimitErr,
  JSMaximumStreamsLimitErr,
  JSMemoryResourcesExceededErr,
  JSNoMessageFoundErr,
  JSNotEmptyRequestErr,
  JSNotEnabledForAccountErr,
  JSSequenceNotFoundErrF,
  JSStorageResourcesExceededErr,
  JSStreamCreateErrF,
  JSStreamGeneralErrorF,
  JSStreamInvalidConfigF,
  JSStreamMessageExceedsMaximumErr,
  JSStreamMismatchErr,
  JSStreamMsgDeleteFailedF,
  JSStreamNameExistErr,
  JSStreamNotFoundErr,
  JSStreamNotMatchErr,
  JSStreamSubjectOverlapErr,
  JSStreamUpdateErrF,
  JSStreamWrongLastMsgIDErrF,
  JSStreamWrongLastSequenceErrF,
  JSStreamReplicasNotSupportedErr,
  JSStreamStoreFailedF,
  JSConsumerDeliverToWildcardsErr,
  JSConsumerPushMaxWaitingErr,
  JSConsumerDeliverCycleErr,
  JSConsumerMaxPendingAckPolicyRequiredErr,
  JSConsumerSmallHeartbeatErr,
  JSConsumerPullRequiresAckErr,
  JSConsumerPullWithRateLimitErr,
  JSConsumerHBRequiresPushErr,
  JSConsumerFCRequiresPushErr,
  JSConsumerInvalidPolicyErrF,
  JSConsumerInvalidSamplingErrF,
  JSStreamHeaderExceedsMaximumErr,
  JSConsumerWQRequiresExplicitAckErr,
  JSConsumerWQMultipleUnfilteredErr,
  JSConsumerWQConsumerNotUniqueErr,
  JSConsumerWQConsumerNotDeliverAllErr,
  JSConsumerNameTooLongErrF,
  JSConsumerStoreFailedErrF,
  JSConsumerDescriptionTooLongErrF,
  JSConsumerWithFlowControlNeedsHeartbeats,
  JSStreamSealedErr,
  JSStreamPurgeFailedF,
  JSStreamRollupFailedF,
  JSConsumerInvalidDeliverSubject,
  JSStreamMaxBytesRequired,
  JSConsumerMaxRequestExpiresTooSmall,
  JSConsumerMaxDeliverBackoffErr,
  JSNoLimitsErr,
  JSConsumerMaxPendingAckExcessErrF,
  JSStreamMaxStreamBytesExceeded,
  JSConsumerReplicasExceedsStream,
  JSConsumerNameContainsPathSeparatorsErr,
  JSStreamNameContainsPathSeparatorsErr,
  JSConsumerCreateFilterSubjectMismatchErr,
  JSConsumerCreateDurableAndNameMismatch,
  JSReplicasCountCannotBeNegative,
  JSConsumerMetadataLengthErrF,
  JSConsumerDuplicateFilterSubjects,
  JSConsumerMultipleFiltersNotAllowed,
  JSConsumerOverlappingSubjectFilters,
  JSConsumerEmptyFilter,
  JSConsumerAlreadyExists,
  JSConsumerDoesNotExist,
  JSConsumerInactiveThresholdExcess,
  JSStreamTransformInvalidSource,
  JSStreamTransformInvalidDestination,
  JSMessageTTLInvalidErr,
  JSMessageTTLDisabledErr,
  JSConsumerAckWaitNegativeErr,
  JSConsumerBackOffNegativeErr,
  JSRequiredApiLevelErr,
  JSStreamExpectedLastSeqPerSubjectInvalid;

  /** One row of the catalogue. */
  public record Entry(int code, int errCode, String description) {}

  private static final Map<JsError, Entry> CATALOGUE = load();

  public Entry entry() {
    return CATALOGUE.get(this);
  }

  /** The error with its description as the catalogue has it. */
  public JsApiException exception() {
    return new JsApiException(this, entry().description());
  }

  /** The error with its one placeholder filled with {@code value}. */
  public JsApiException exception(Object value) {
    return new JsApiException(
        this,
        entry()
            .description()
            .replaceFirst("\\{[a-z]+}", Matcher.quoteReplacement(String.valueOf(value))));
  }

  private static Map<JsError, Entry> load() {
    Map<JsError, Entry> out = new EnumMap<>(JsError.class);
    try (InputStream in = JsError.class.getResourceAsStream("errors.json")) {
      if (in == null) {
        throw new IllegalStateException("errors.json is missing beside JsError");
      }
      for (JsonNode n : Json.MAPPER.readTree(in)) {
        String name = n.get("constant").asText();
        for (JsError e : values()) {
          if (e.name().equals(name)) {
            out.put(
                e,
                new Entry(
                    n.get("code").asInt(),
                    n.get("error_code").asInt(),
                    n.get("description").asText()));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("errors.json cannot be read", e);
    }
    for (JsError e : values()) {
      if (!out.containsKey(e)) {
        throw new IllegalStateException("errors.json has no entry for " + e);
      }
    }
    return out;
  }
}
