package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error catalogue: every error this node emits is in {@code errors.json} and nowhere else, and
 * its codes are nats-server's (pinned here from nats-server's own {@code errors.json}).
 */
class JsErrorTest {
  // constant -> {code, err_code}, as nats-server's errors.json has them.
  private static final Map<String, int[]> NATS_SERVER =
      Map.ofEntries(
          Map.entry("JSAccountResourcesExceededErr", new int[] {400, 10002}),
          Map.entry("JSBadRequestErr", new int[] {400, 10003}),
          Map.entry("JSClusterRequiredErr", new int[] {503, 10010}),
          Map.entry("JSConsumerCreateErrF", new int[] {500, 10012}),
          Map.entry("JSConsumerNameExistErr", new int[] {400, 10013}),
          Map.entry("JSConsumerNotFoundErr", new int[] {404, 10014}),
          Map.entry("JSConsumerDurableNameNotInSubjectErr", new int[] {400, 10016}),
          Map.entry("JSConsumerDurableNameNotMatchSubjectErr", new int[] {400, 10017}),
          Map.entry("JSConsumerDurableNameNotSetErr", new int[] {400, 10018}),
          Map.entry("JSConsumerEphemeralWithDurableInSubjectErr", new int[] {400, 10019}),
          Map.entry("JSConsumerEphemeralWithDurableNameErr", new int[] {400, 10020}),
          Map.entry("JSInsufficientResourcesErr", new int[] {503, 10023}),
          Map.entry("JSInvalidJSONErr", new int[] {400, 10025}),
          Map.entry("JSMaximumConsumersLimitErr", new int[] {400, 10026}),
          Map.entry("JSMaximumStreamsLimitErr", new int[] {400, 10027}),
          Map.entry("JSMemoryResourcesExceededErr", new int[] {500, 10028}),
          Map.entry("JSNoMessageFoundErr", new int[] {404, 10037}),
          Map.entry("JSNotEmptyRequestErr", new int[] {400, 10038}),
          Map.entry("JSNotEnabledForAccountErr", new int[] {503, 10039}),
          Map.entry("JSSequenceNotFoundErrF", new int[] {400, 10043}),
          Map.entry("JSStorageResourcesExceededErr", new int[] {500, 10047}),
          Map.entry("JSStreamCreateErrF", new int[] {500, 10049}),
          Map.entry("JSStreamGeneralErrorF", new int[] {500, 10051}),
          Map.entry("JSStreamInvalidConfigF", new int[] {500, 10052}),
          Map.entry("JSStreamMessageExceedsMaximumErr", new int[] {400, 10054}),
          Map.entry("JSStreamMismatchErr", new int[] {400, 10056}),
          Map.entry("JSStreamMsgDeleteFailedF", new int[] {500, 10057}),
          Map.entry("JSStreamNameExistErr", new int[] {400, 10058}),
          Map.entry("JSStreamNotFoundErr", new int[] {404, 10059}),
          Map.entry("JSStreamNotMatchErr", new int[] {400, 10060}),
          Map.entry("JSStreamSubjectOverlapErr", new int[] {400, 10065}),
          Map.entry("JSStreamUpdateErrF", new int[] {500, 10069}),
          Map.entry("JSStreamWrongLastMsgIDErrF", new int[] {400, 10070}),
          Map.entry("JSStreamWrongLastSequenceErrF", new int[] {400, 10071}),
          Map.entry("JSStreamReplicasNotSupportedErr", new int[] {500, 10074}),
          Map.entry("JSStreamStoreFailedF", new int[] {503, 10077}),
          Map.entry("JSConsumerDeliverToWildcardsErr", new int[] {400, 10079}),
          Map.entry("JSConsumerPushMaxWaitingErr", new int[] {400, 10080}),
          Map.entry("JSConsumerDeliverCycleErr", new int[] {400, 10081}),
          Map.entry("JSConsumerMaxPendingAckPolicyRequiredErr", new int[] {400, 10082}),
          Map.entry("JSConsumerSmallHeartbeatErr", new int[] {400, 10083}),
          Map.entry("JSConsumerPullRequiresAckErr", new int[] {400, 10084}),
          Map.entry("JSConsumerPullWithRateLimitErr", new int[] {400, 10086}),
          Map.entry("JSConsumerHBRequiresPushErr", new int[] {400, 10088}),
          Map.entry("JSConsumerFCRequiresPushErr", new int[] {400, 10089}),
          Map.entry("JSConsumerInvalidPolicyErrF", new int[] {400, 10094}),
          Map.entry("JSConsumerInvalidSamplingErrF", new int[] {400, 10095}),
          Map.entry("JSStreamHeaderExceedsMaximumErr", new int[] {400, 10097}),
          Map.entry("JSConsumerWQRequiresExplicitAckErr", new int[] {400, 10098}),
          Map.entry("JSConsumerWQMultipleUnfilteredErr", new int[] {400, 10099}),
          Map.entry("JSConsumerWQConsumerNotUniqueErr", new int[] {400, 10100}),
          Map.entry("JSConsumerWQConsumerNotDeliverAllErr", new int[] {400, 10101}),
          Map.entry("JSConsumerNameTooLongErrF", new int[] {400, 10102}),
          Map.entry("JSConsumerStoreFailedErrF", new int[] {500, 10104}),
          Map.entry("JSConsumerDescriptionTooLongErrF", new int[] {400, 10107}),
          Map.entry("JSConsumerWithFlowControlNeedsHeartbeats", new int[] {400, 10108}),
          Map.entry("JSStreamSealedErr", new int[] {400, 10109}),
          Map.entry("JSStreamPurgeFailedF", new int[] {500, 10110}),
          Map.entry("JSStreamRollupFailedF", new int[] {500, 10111}),
          Map.entry("JSConsumerInvalidDeliverSubject", new int[] {400, 10112}),
          Map.entry("JSStreamMaxBytesRequired", new int[] {400, 10113}),
          Map.entry("JSConsumerMaxRequestExpiresTooSmall", new int[] {400, 10115}),
          Map.entry("JSConsumerMaxDeliverBackoffErr", new int[] {400, 10116}),
          Map.entry("JSNoLimitsErr", new int[] {400, 10120}),
          Map.entry("JSConsumerMaxPendingAckExcessErrF", new int[] {400, 10121}),
          Map.entry("JSStreamMaxStreamBytesExceeded", new int[] {400, 10122}),
          Map.entry("JSConsumerReplicasExceedsStream", new int[] {400, 10126}),
          Map.entry("JSConsumerNameContainsPathSeparatorsErr", new int[] {400, 10127}),
          Map.entry("JSStreamNameContainsPathSeparatorsErr", new int[] {400, 10128}),
          Map.entry("JSConsumerCreateFilterSubjectMismatchErr", new int[] {400, 10131}),
          Map.entry("JSConsumerCreateDurableAndNameMismatch", new int[] {400, 10132}),
          Map.entry("JSReplicasCountCannotBeNegative", new int[] {400, 10133}),
          Map.entry("JSConsumerMetadataLengthErrF", new int[] {400, 10135}),
          Map.entry("JSConsumerDuplicateFilterSubjects", new int[] {400, 10136}),
          Map.entry("JSConsumerMultipleFiltersNotAllowed", new int[] {400, 10137}),
          Map.entry("JSConsumerOverlappingSubjectFilters", new int[] {400, 10138}),
          Map.entry("JSConsumerEmptyFilter", new int[] {400, 10139}),
          Map.entry("JSConsumerAlreadyExists", new int[] {400, 10148}),
          Map.entry("JSConsumerDoesNotExist", new int[] {400, 10149}),
          Map.entry("JSConsumerInactiveThresholdExcess", new int[] {400, 10153}),
          Map.entry("JSStreamTransformInvalidSource", new int[] {400, 10155}),
          Map.entry("JSStreamTransformInvalidDestination", new int[] {400, 10156}),
          Map.entry("JSMessageTTLInvalidErr", new int[] {400, 10165}),
          Map.entry("JSMessageTTLDisabledErr", new int[] {400, 10166}),
          Map.entry("JSConsumerAckWaitNegativeErr", new int[] {400, 10183}),
          Map.entry("JSConsumerBackOffNegativeErr", new int[] {400, 10184}),
          Map.entry("JSRequiredApiLevelErr", new int[] {412, 10185}),
          Map.entry("JSStreamExpectedLastSeqPerSubjectInvalid", new int[] {400, 10193}));

  @Test
  void catalogueAndEnumAreTheSameSet() throws Exception {
    Set<String> inFile = new HashSet<>();
    try (InputStream in = JsError.class.getResourceAsStream("errors.json")) {
      for (JsonNode n : Json.MAPPER.readTree(in)) {
        assertThat(inFile.add(n.get("constant").asText())).as("unique constants").isTrue();
      }
    }
    Set<String> inEnum = new HashSet<>();
    for (JsError e : JsError.values()) {
      inEnum.add(e.name());
    }
    assertThat(inFile).isEqualTo(inEnum);
  }

  @Test
  void everyCodeIsNatsServers() {
    assertThat(JsError.values()).hasSize(NATS_SERVER.size());
    for (JsError e : JsError.values()) {
      int[] want = NATS_SERVER.get(e.name());
      assertThat(want).as(e.name()).isNotNull();
      assertThat(e.entry().code()).as(e.name()).isEqualTo(want[0]);
      assertThat(e.entry().errCode()).as(e.name()).isEqualTo(want[1]);
    }
  }

  @Test
  void placeholdersAreFilled() {
    assertThat(JsError.JSStreamWrongLastSequenceErrF.exception(41).description())
        .isEqualTo("wrong last sequence: 41");
    assertThat(JsError.JSStreamNotFoundErr.exception().description()).isEqualTo("stream not found");
    assertThat(JsError.JSStreamStoreFailedF.exception("in $G/S: \\ full").description())
        .as("a value is inserted as it is, $ and \\ included")
        .isEqualTo("in $G/S: \\ full");
    assertThat(JsError.JSStreamNotFoundErr.exception().writeTo(Json.object()).toString())
        .isEqualTo(
            "{\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}");
  }
}
