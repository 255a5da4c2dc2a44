package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** nats-server's defaults and rules for a stream configuration, on their own. */
class StreamConfigTest {
  private static StreamConfig parse(String json) throws JsApiException {
    StreamConfig c = StreamConfig.parse(json.getBytes(StandardCharsets.UTF_8));
    c.normalize();
    return c;
  }

  private static int errCode(String json) {
    try {
      parse(json);
    } catch (JsApiException e) {
      return e.error().entry().errCode();
    }
    throw new AssertionError("accepted: " + json);
  }

  private static String why(String json) {
    try {
      parse(json);
    } catch (JsApiException e) {
      return e.description();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void defaultsAreNatsServers() throws Exception {
    StreamConfig c = parse("{\"name\":\"S\",\"unknown_field\":1}");
    assertThat(c.subjects).containsExactly("S");
    assertThat(c.retention).isEqualTo("limits");
    assertThat(c.maxMsgs).isEqualTo(-1);
    assertThat(c.maxBytes).isEqualTo(-1);
    assertThat(c.maxMsgsPerSubject).isEqualTo(-1);
    assertThat(c.maxMsgSize).isEqualTo(-1);
    assertThat(c.maxConsumers).isEqualTo(-1);
    assertThat(c.discard).isEqualTo("old");
    assertThat(c.storage).isEqualTo("file");
    assertThat(c.numReplicas).isEqualTo(1);
    assertThat(c.duplicateWindow).isEqualTo(120_000_000_000L);
    assertThat(c.toJson().has("consumer_limits")).isTrue();
    assertThat(parse("{\"name\":\"S\",\"max_age\":1000000000}").duplicateWindow)
        .isEqualTo(1_000_000_000L);
    assertThat(parse("{\"name\":\"S\",\"discard\":\"NEW\"}").discard).isEqualTo("new");
  }

  @Test
  void badConfigsNameWhatIsWrong() {
    assertThat(errCode("{\"name\":\"a.b\"}")).isEqualTo(10052);
    assertThat(errCode("{\"name\":\"a/b\"}")).isEqualTo(10128);
    assertThat(errCode("{\"name\":\"S\",\"num_replicas\":3}")).isEqualTo(10074);
    assertThat(errCode("{\"name\":\"S\",\"num_replicas\":-1}")).isEqualTo(10133);
    assertThat(why("{\"name\":\"S\",\"max_age\":5}")).isEqualTo("max age needs to be >= 100ms");
    assertThat(why("{\"name\":\"S\",\"max_age\":1000000000,\"duplicate_window\":2000000000}"))
        .isEqualTo("duplicates window can not be larger then max age");
    assertThat(why("{\"name\":\"S\",\"subjects\":[\"a.*\",\"a.b\"]}"))
        .isEqualTo("subject \"a.*\" overlaps with \"a.b\"");
    assertThat(why("{\"name\":\"S\",\"subjects\":[\"a\",\"a\"]}"))
        .isEqualTo("duplicate subjects detected");
    assertThat(why("{\"name\":\"S\",\"subjects\":[\"a..b\"]}")).isEqualTo("invalid subject");
    assertThat(why("{\"name\":\"S\",\"deny_purge\":true,\"allow_rollup_hdrs\":true}"))
        .isEqualTo("roll-ups require the purge permission");
    assertThat(why("{\"name\":\"S\",\"discard_new_per_subject\":true}"))
        .isEqualTo("discard new per subject requires discard new policy to be set");
    assertThat(why("{\"name\":\"S\",\"subjects\":[\"$JS.API.>\"]}"))
        .isEqualTo("subjects that overlap with jetstream api require no-ack to be true");
    assertThat(errCode("{\"name\":\"S\",\"storage\":\"tape\"}")).isEqualTo(10025);
    assertThat(errCode("{\"name\":\"S\",\"max_msgs\":\"many\"}")).isEqualTo(10025);
    assertThat(errCode("[1,2]")).isEqualTo(10025);
    assertThat(errCode("")).isEqualTo(10025);
  }

  @Test
  void updateRules() throws Exception {
    StreamConfig old = parse("{\"name\":\"S\",\"deny_delete\":true}");
    assertThatThrownBy(() -> old.checkUpdate(parse("{\"name\":\"S\"}")))
        .hasMessage("stream configuration update can not cancel deny message deletes");
    assertThatThrownBy(
            () ->
                old.checkUpdate(
                    parse("{\"name\":\"S\",\"deny_delete\":true,\"storage\":\"memory\"}")))
        .hasMessage("stream configuration update can not change storage type");
    StreamConfig sealed =
        parse("{\"name\":\"S\",\"deny_delete\":true,\"sealed\":true,\"max_age\":1000000000}");
    old.checkUpdate(sealed);
    assertThat(sealed.maxAge).isZero();
    assertThat(sealed.discard).isEqualTo("new");
    assertThat(sealed.denyPurge).isTrue();
    assertThatThrownBy(() -> parse("{\"name\":\"S\",\"sealed\":true}").checkCreate())
        .hasMessage("stream configuration for create can not be sealed");
  }

  @Test
  void transformsMapSubjectsOnIngest() throws Exception {
    StreamConfig c =
        parse(
            "{\"name\":\"S\",\"subjects\":[\"orders.*.*\"],\"subject_transform\":"
                + "{\"src\":\"orders.*.*\",\"dest\":\"o.{{wildcard(2)}}.$1\"}}");
    assertThat(c.storedSubject("orders.eu.42")).isEqualTo("o.42.eu");
  }

  @Test
  void goDurationsAndTimes() throws Exception {
    assertThat(GoDuration.parse("1h30m")).isEqualTo(5_400_000_000_000L);
    assertThat(GoDuration.parse("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(Stream.parseTtl("2")).isEqualTo(2_000_000_000L);
    assertThat(Stream.parseTtl("never")).isEqualTo(-1);
    assertThatThrownBy(() -> Stream.parseTtl("500ms")).hasMessage("invalid per-message TTL");
    assertThatThrownBy(() -> Stream.parseTtl("soon")).hasMessage("invalid per-message TTL");
    assertThat(Json.time(0)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(Json.time(1_735_787_045_123_456_700L)).isEqualTo("2025-01-02T03:04:05.1234567Z");
    assertThat(Json.parseTime("2025-01-02T03:04:05.1234567Z"))
        .isEqualTo(1_735_787_045_123_456_700L);
  }
}
