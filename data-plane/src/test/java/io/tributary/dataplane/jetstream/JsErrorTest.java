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
          Map.entry("JSInsufficientResourcesErr", new int[] {503, 10023}),
          Map.entry("JSInvalidJSONErr", new int[] {400, 10025}),
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
          Map.entry("JSStreamHeaderExceedsMaximumErr", new int[] {400, 10097}),
          Map.entry("JSStreamSealedErr", new int[] {400, 10109}),
          Map.entry("JSStreamPurgeFailedF", new int[] {500, 10110}),
          Map.entry("JSStreamRollupFailedF", new int[] {500, 10111}),
          Map.entry("JSStreamMaxBytesRequired", new int[] {400, 10113}),
          Map.entry("JSNoLimitsErr", new int[] {400, 10120}),
          Map.entry("JSStreamMaxStreamBytesExceeded", new int[] {400, 10122}),
          Map.entry("JSStreamNameContainsPathSeparatorsErr", new int[] {400, 10128}),
          Map.entry("JSReplicasCountCannotBeNegative", new int[] {400, 10133}),
          Map.entry("JSStreamTransformInvalidSource", new int[] {400, 10155}),
          Map.entry("JSStreamTransformInvalidDestination", new int[] {400, 10156}),
          Map.entry("JSMessageTTLInvalidErr", new int[] {400, 10165}),
          Map.entry("JSMessageTTLDisabledErr", new int[] {400, 10166}),
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
