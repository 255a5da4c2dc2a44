package io.tributary.dataplane.jetstream;

import java.security.SecureRandom;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code $JS.API.CONSUMER} request subjects (create in its four forms, info, names, list,
 * delete, pause, leader step-down), answered as nats-server answers them. {@code MSG.NEXT} is not
 * here: each pull consumer subscribes to its own, so a missing one gets no responders.
 */
final class ConsumerApi {
  static final int NAMES_PAGE = 1024;
  static final int LIST_PAGE = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NAME_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private ConsumerApi() {}

  /** The reply type of a {@code $JS.API.CONSUMER.<op>...} subject, or null if it is not one. */
  static String type(List<String> t) {
    int n = t.size();
    if (n < 5) {
      return null;
    }
    return switch (t.get(3)) {
      case "CREATE" -> "consumer_create_response";
      case "DURABLE" -> n >= 6 && t.get(4).equals("CREATE") ? "consumer_create_response" : null;
      case "INFO" -> n == 6 ? "consumer_info_response" : null;
      case "DELETE" -> n == 6 ? "consumer_delete_response" : null;
      case "NAMES" -> n == 5 ? "consumer_names_response" : null;
      case "LIST" -> n == 5 ? "consumer_list_response" : null;
      case "PAUSE" -> n == 6 ? "consumer_pause_response" : null;
      case "LEADER" ->
          n == 7 && t.get(4).equals("STEPDOWN") ? "consumer_leader_stepdown_response" : null;
      default -> null;
    };
  }

  static void dispatch(JsAccount a, List<String> t, byte[] body, ObjectNode out)
      throws JsApiException {
    switch (t.get(3)) {
      case "CREATE", "DURABLE" -> create(a, t, body, out);
      case "INFO" -> out.setAll(consumer(a, t.get(4), t.get(5)).info());
      case "DELETE" -> delete(a, t.get(4), t.get(5), body, out);
      case "NAMES" -> page(a, t.get(4), body, out, false);
      case "LIST" -> page(a, t.get(4), body, out, true);
      case "PAUSE" -> pause(a, t.get(4), t.get(5), body, out);
      // A single node answers this before looking anything up, as nats-server does.
      case "LEADER" -> throw JsError.JSClusterRequiredErr.exception();
      default -> throw JsError.JSBadRequestErr.exception();
    }
  }

  /** The fields a consumer reply type always carries, also next to an error. */
  static void errorDefaults(String type, ObjectNode response) {
    switch (type) {
      case "consumer_names_response", "consumer_list_response" -> {
        response.put("total", 0);
        response.put("offset", 0);
        response.put("limit", 0);
        response.putArray("consumers");
      }
      default -> {}
    }
  }

  private static Stream stream(JsAccount a, String name) throws JsApiException {
    return JsApi.stream(a, name);
  }

  private static Consumer consumer(JsAccount a, String stream, String name) throws JsApiException {
    Consumer c = stream(a, stream).consumer(name);
    if (c == null) {
      throw JsError.JSConsumerNotFoundErr.exception();
    }
    return c;
  }

  // nats-server's jsConsumerCreateRequest: which name and filter the subject gives, and the rules
  // for each form.
  private static void create(JsAccount a, List<String> t, byte[] body, ObjectNode out)
      throws JsApiException {
    ConsumerConfig.Request req = ConsumerConfig.Request.parse(body);
    ConsumerConfig c = req.config();
    int n = t.size();
    String streamName;
    String consumerName;
    String filtered = null;
    boolean legacyDurable = t.get(3).equals("DURABLE");
    boolean legacyEphemeral = !legacyDurable && n == 5;
    if (legacyEphemeral) {
      streamName = t.get(4);
      consumerName = c.name;
    } else if (legacyDurable) {
      if (n != 7) {
        throw JsError.JSConsumerDurableNameNotInSubjectErr.exception();
      }
      streamName = t.get(5);
      consumerName = t.get(6);
    } else {
      streamName = t.get(4);
      consumerName = t.get(5);
      if (n > 6) {
        filtered = ConsumerConfig.joinTokens(t, 6);
      }
    }
    if (!streamName.equals(req.stream())) {
      throw JsError.JSStreamMismatchErr.exception();
    }
    if (consumerName != null && (consumerName.contains("/") || consumerName.contains("\\"))) {
      throw JsError.JSConsumerNameContainsPathSeparatorsErr.exception();
    }
    if (legacyDurable) {
      if (!c.isDurable()) {
        throw JsError.JSConsumerDurableNameNotSetErr.exception();
      }
      if (!consumerName.equals(c.durable)) {
        throw JsError.JSConsumerDurableNameNotMatchSubjectErr.exception();
      }
      c.name = consumerName;
    } else if (!legacyEphemeral) {
      if (c.isDurable() && !consumerName.equals(c.durable)) {
        throw JsError.JSConsumerDurableNameNotMatchSubjectErr.exception();
      }
      c.name = consumerName;
    } else if (c.isDurable()) {
      throw JsError.JSConsumerEphemeralWithDurableNameErr.exception();
    }
    if (filtered != null && c.filterSubjects != null && !c.filterSubjects.isEmpty()) {
      throw JsError.JSConsumerMultipleFiltersNotAllowed.exception();
    }
    if (filtered != null && !filtered.equals(c.filterSubject)) {
      throw JsError.JSConsumerCreateFilterSubjectMismatchErr.exception();
    }
    if (c.numReplicas > 1) {
      throw JsError.JSStreamReplicasNotSupportedErr.exception();
    }
    Stream s = stream(a, streamName);
    if (c.isDurable() && (c.name == null || c.name.isEmpty())) {
      c.name = c.durable;
    }
    if (c.name == null || c.name.isEmpty()) {
      c.name = generatedName();
    }
    if (c.name.length() > StreamConfig.MAX_NAME) {
      throw JsError.JSConsumerNameTooLongErrF.exception(StreamConfig.MAX_NAME);
    }
    if (!c.isDurable() && c.inactiveThreshold <= 0) {
      c.inactiveThreshold = ConsumerConfig.DEFAULT_EPHEMERAL_INACTIVITY;
    }
    c.normalize(s.config(), a.limits());
    c.check(s.config(), a.limits());
    Consumer created = s.addConsumer(c.name, c, req.action());
    out.setAll(created.info());
  }

  private static String generatedName() {
    StringBuilder b = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      b.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return b.toString();
  }

  private static void delete(JsAccount a, String stream, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    if (!JsApi.emptyBody(body)) {
      throw JsError.JSNotEmptyRequestErr.exception();
    }
    if (!stream(a, stream).deleteConsumer(name)) {
      throw JsError.JSConsumerNotFoundErr.exception();
    }
    out.put("success", true);
  }

  // NAMES (names, 1,024 a page) or LIST (infos, 256 a page), sorted by name.
  private static void page(JsAccount a, String stream, byte[] body, ObjectNode out, boolean infos)
      throws JsApiException {
    List<Consumer> all = stream(a, stream).consumers();
    JsApi.page(
        out,
        "consumers",
        all,
        JsApi.body(body).path("offset").asLong(0),
        infos ? LIST_PAGE : NAMES_PAGE,
        c -> infos ? c.info() : Json.object().textNode(c.name()));
  }

  // Empty body or a past time resumes; a future time pauses until then.
  private static void pause(JsAccount a, String stream, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Consumer c = consumer(a, stream, name);
    JsonNode r = JsApi.body(body);
    long until = Json.parseTime(r.path("pause_until").asText(null));
    long now = Clock.now();
    c.pause(until > now ? until : 0);
    boolean paused = until > now;
    out.put("paused", paused);
    out.put("pause_until", Json.time(paused ? until : 0));
    if (paused) {
      out.put("pause_remaining", until - now);
    }
  }
}
