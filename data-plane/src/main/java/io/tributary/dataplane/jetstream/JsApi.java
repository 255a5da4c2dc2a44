package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.store.StoredMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code $JS.API} request subjects of one account, answered with nats-server's JSON: a {@code
 * type} and either the result's fields or an {@code error}. {@code DIRECT.GET} is not here: each
 * stream that allows it subscribes itself, so a stream without it gets no responders, as clients
 * expect.
 */
final class JsApi {
  /**
   * What an account's API client takes: every {@code $JS.API} subject (an unknown one is answered
   * "bad request", as nats-server does) but direct gets and pull requests, which their streams and
   * consumers answer themselves, so that a missing one gets no responders, as clients expect.
   */
  static final String SUBSCRIPTION = "$JS.API.>";

  static boolean serves(String subject) {
    return !subject.startsWith("$JS.API.DIRECT.GET.") && !subject.startsWith(Consumer.NEXT_PREFIX);
  }

  static final int NAMES_PAGE = 1024;
  static final int LIST_PAGE = 256;
  static final int SUBJECTS_PAGE = 100_000;
  private static final String PREFIX = "io.nats.jetstream.api.v1.";

  /** Our own API subjects' reply types (not nats-server's). */
  private static final String OUR_PREFIX = "io.tributary.jetstream.api.v1.";

  static final String ROTATE_TYPE = OUR_PREFIX + "account_keys_rotate_response";
  private static final String REQUIRED_LEVEL = "Nats-Required-Api-Level";

  /** The API level of nats-server 2.10, which this node speaks. */
  static final int API_LEVEL = 0;

  private JsApi() {}

  static void handle(JsAccount account, InternalClient.Message m) {
    if (m.reply() == null) {
      return;
    }
    List<String> t = Subjects.tokenize(m.subject());
    String type = typeOf(t);
    ObjectNode response = Json.object();
    response.put("type", type);
    boolean error = false;
    try {
      String level = m.headers() == null ? null : m.parsedHeaders().first(REQUIRED_LEVEL);
      if (level != null && parseLevel(level) > API_LEVEL) {
        throw JsError.JSRequiredApiLevelErr.exception();
      }
      if (account.limits() == null) {
        throw JsError.JSNotEnabledForAccountErr.exception();
      }
      if (type.equals(PREFIX + "system_response")
          && !(t.size() >= 3 && (t.get(2).equals("META") || t.get(2).equals("SERVER")))) {
        throw JsError.JSBadRequestErr.exception();
      }
      dispatch(account, t, m.payload(), response);
    } catch (JsApiException e) {
      error = true;
      fail(response, type, e);
    } catch (RuntimeException e) {
      error = true;
      fail(response, type, JsError.JSStreamGeneralErrorF.exception(String.valueOf(e.getMessage())));
    }
    account.countRequest(error);
    account
        .api()
        .publish(m.reply(), null, null, response.toString().getBytes(StandardCharsets.UTF_8));
  }

  // An error reply: the type, the error and the fields the type always has.
  private static void fail(ObjectNode response, String type, JsApiException e) {
    response.removeAll();
    response.put("type", type);
    e.writeTo(response);
    errorDefaults(type, response);
  }

  private static int parseLevel(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  // The reply type for a request subject ($JS.API.<...>); a subject with the wrong number of
  // tokens for its operation is not one and gets system_response, as nats-server answers it.
  private static String typeOf(List<String> t) {
    int n = t.size();
    if (n == 3 && t.get(2).equals("INFO")) {
      return PREFIX + "account_info_response";
    }
    if (n == 5
        && t.get(2).equals("ACCOUNT")
        && t.get(3).equals("KEYS")
        && t.get(4).equals("ROTATE")) {
      return ROTATE_TYPE;
    }
    if (n >= 4 && t.get(2).equals("CONSUMER")) {
      String type = ConsumerApi.type(t);
      if (type != null) {
        return PREFIX + type;
      }
    }
    if (n >= 4 && t.get(2).equals("STREAM")) {
      String type =
          switch (t.get(3)) {
            case "CREATE" -> n == 5 ? "stream_create_response" : null;
            case "UPDATE" -> n == 5 ? "stream_update_response" : null;
            case "INFO" -> n == 5 ? "stream_info_response" : null;
            case "DELETE" -> n == 5 ? "stream_delete_response" : null;
            case "PURGE" -> n == 5 ? "stream_purge_response" : null;
            case "NAMES" -> n == 4 ? "stream_names_response" : null;
            case "LIST" -> n == 4 ? "stream_list_response" : null;
            case "SNAPSHOT" -> n == 5 ? "stream_snapshot_response" : null;
            case "RESTORE" -> n == 5 ? "stream_restore_response" : null;
            case "LEADER" -> n == 6 ? "stream_leader_stepdown_response" : null;
            case "PEER" -> n == 6 ? "stream_remove_peer_response" : null;
            case "MSG" ->
                n != 6
                    ? null
                    : t.get(4).equals("GET")
                        ? "stream_msg_get_response"
                        : t.get(4).equals("DELETE") ? "stream_msg_delete_response" : null;
            default -> null;
          };
      if (type != null) {
        return PREFIX + type;
      }
    }
    return PREFIX + "system_response";
  }

  // The fields nats-server's reply types always carry, also next to an error.
  private static void errorDefaults(String type, ObjectNode response) {
    switch (type.substring(type.lastIndexOf('.') + 1)) {
      case "stream_info_response" -> {
        response.put("total", 0);
        response.put("offset", 0);
        response.put("limit", 0);
      }
      case "stream_names_response", "stream_list_response" -> {
        response.put("total", 0);
        response.put("offset", 0);
        response.put("limit", 0);
        response.putNull("streams");
      }
      case "stream_purge_response" -> response.put("purged", 0);
      default -> ConsumerApi.errorDefaults(type.substring(type.lastIndexOf('.') + 1), response);
    }
  }

  private static void dispatch(JsAccount a, List<String> t, byte[] body, ObjectNode out)
      throws JsApiException {
    int n = t.size();
    if (n == 3 && t.get(2).equals("INFO")) {
      accountInfo(a, out);
      return;
    }
    if (n == 5
        && t.get(2).equals("ACCOUNT")
        && t.get(3).equals("KEYS")
        && t.get(4).equals("ROTATE")) {
      out.put("key_version", a.rotateKey());
      return;
    }
    if (n >= 5 && t.get(2).equals("CONSUMER") && ConsumerApi.type(t) != null) {
      ConsumerApi.dispatch(a, t, body, out);
      return;
    }
    if (n < 4 || !t.get(2).equals("STREAM")) {
      if (n >= 3 && (t.get(2).equals("META") || t.get(2).equals("SERVER"))) {
        throw JsError.JSClusterRequiredErr.exception();
      }
      throw JsError.JSBadRequestErr.exception();
    }
    String op = t.get(3);
    switch (op) {
      case "NAMES" -> {
        requireTokens(n, 4);
        names(a, body, out);
      }
      case "LIST" -> {
        requireTokens(n, 4);
        list(a, body, out);
      }
      case "CREATE" -> {
        requireTokens(n, 5);
        create(a, t.get(4), body, out);
      }
      case "UPDATE" -> {
        requireTokens(n, 5);
        update(a, t.get(4), body, out);
      }
      case "INFO" -> {
        requireTokens(n, 5);
        info(a, t.get(4), body, out);
      }
      case "DELETE" -> {
        requireTokens(n, 5);
        delete(a, t.get(4), body, out);
      }
      case "PURGE" -> {
        requireTokens(n, 5);
        purge(a, t.get(4), body, out);
      }
      case "MSG" -> {
        requireTokens(n, 6);
        if (t.get(4).equals("GET")) {
          msgGet(a, t.get(5), body, out);
        } else if (t.get(4).equals("DELETE")) {
          msgDelete(a, t.get(5), body, out);
        } else {
          throw JsError.JSBadRequestErr.exception();
        }
      }
      case "LEADER", "PEER" -> throw JsError.JSClusterRequiredErr.exception();
      case "SNAPSHOT", "RESTORE" -> {
        stream(a, n > 4 ? t.get(4) : "");
        throw JsError.JSStreamGeneralErrorF.exception(
            "stream snapshot and restore are not supported yet");
      }
      default -> throw JsError.JSBadRequestErr.exception();
    }
  }

  private static void requireTokens(int n, int want) throws JsApiException {
    if (n != want) {
      throw JsError.JSBadRequestErr.exception();
    }
  }

  static Stream stream(JsAccount a, String name) throws JsApiException {
    if (a.keyError() != null) {
      throw JsError.JSStreamGeneralErrorF.exception(a.keyError());
    }
    Stream s = a.stream(name);
    if (s == null) {
      String why = a.offlineReason(name);
      if (why != null) {
        throw JsError.JSStreamGeneralErrorF.exception("stream is offline: " + why);
      }
      throw JsError.JSStreamNotFoundErr.exception();
    }
    return s;
  }

  static JsonNode body(byte[] body) throws JsApiException {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || n.isNull() || n.isMissingNode()) {
        return Json.object();
      }
      if (!n.isObject()) {
        throw JsError.JSInvalidJSONErr.exception("request is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
    }
  }

  // ---- account ----

  private static void accountInfo(JsAccount a, ObjectNode out) {
    JsLimits l = a.limits();
    List<Stream> streams = a.streams();
    out.put("memory", a.usage(true));
    out.put("storage", a.usage(false));
    out.put("reserved_memory", a.reserved(true));
    out.put("reserved_storage", a.reserved(false));
    out.put("streams", streams.size());
    out.put("consumers", a.consumerCount());
    ObjectNode limits = limitsJson(l);
    out.set("limits", limits);
    a.writeEncryption(out);
    ObjectNode api = out.putObject("api");
    api.put("level", API_LEVEL);
    api.put("total", a.apiTotal());
    api.put("errors", a.apiErrors());
    if (l.tiered()) {
      ObjectNode tier = out.putObject("tiers").putObject("R1");
      tier.put("memory", a.usage(true));
      tier.put("storage", a.usage(false));
      tier.put("reserved_memory", a.reserved(true));
      tier.put("reserved_storage", a.reserved(false));
      tier.put("streams", streams.size());
      tier.put("consumers", a.consumerCount());
      tier.set("limits", limitsJson(l));
    }
  }

  private static ObjectNode limitsJson(JsLimits l) {
    ObjectNode o = Json.object();
    o.put("max_memory", l.maxMemory());
    o.put("max_storage", l.maxStorage());
    o.put("max_streams", l.maxStreams() <= 0 ? -1 : l.maxStreams());
    o.put("max_consumers", l.maxConsumers() <= 0 ? -1 : l.maxConsumers());
    o.put("max_ack_pending", l.maxAckPending() <= 0 ? -1 : l.maxAckPending());
    o.put("memory_max_stream_bytes", l.memoryMaxStreamBytes() <= 0 ? -1 : l.memoryMaxStreamBytes());
    o.put(
        "storage_max_stream_bytes",
        l.storageMaxStreamBytes() <= 0 ? -1 : l.storageMaxStreamBytes());
    o.put("max_bytes_required", l.maxBytesRequired());
    return o;
  }

  // ---- streams ----

  private static StreamConfig config(String name, byte[] body) throws JsApiException {
    StreamConfig c = StreamConfig.parse(body);
    if (!name.equals(c.name)) {
      throw JsError.JSStreamMismatchErr.exception();
    }
    c.normalize();
    return c;
  }

  private static void create(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    if (a.keyError() != null) {
      throw JsError.JSStreamCreateErrF.exception(a.keyError());
    }
    StreamConfig c = config(name, body);
    c.checkCreate();
    Stream s = a.create(c);
    out.setAll(s.info(false, null, 0, false));
    out.put("did_create", true);
  }

  private static void update(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Stream s = stream(a, name);
    StreamConfig next = config(name, body);
    s.config().checkUpdate(next);
    a.update(s, next);
    out.setAll(s.info(false, null, 0, false));
  }

  private static void info(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Stream s = stream(a, name);
    JsonNode r = body(body);
    out.setAll(
        s.info(
            r.path("deleted_details").asBoolean(false),
            r.path("subjects_filter").asText(null),
            Math.max(0, r.path("offset").asLong(0)),
            true));
  }

  private static void delete(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    if (!emptyBody(body)) {
      throw JsError.JSNotEmptyRequestErr.exception();
    }
    a.delete(stream(a, name));
    out.put("success", true);
  }

  static boolean emptyBody(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.isEmpty() || s.equals("{}") || s.equals("null");
  }

  private static void purge(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Stream s = stream(a, name);
    JsonNode r = body(body);
    String filter = r.path("filter").asText(null);
    long seq = r.path("seq").asLong(0);
    long keep = r.path("keep").asLong(0);
    if (seq > 0 && keep > 0) {
      throw JsError.JSBadRequestErr.exception();
    }
    if (filter != null && !filter.isEmpty() && !Subjects.isValid(filter)) {
      throw JsError.JSStreamPurgeFailedF.exception("invalid subject filter " + filter);
    }
    if (seq < 0 || keep < 0) {
      throw JsError.JSBadRequestErr.exception();
    }
    StreamConfig c = s.config();
    if (c.sealed) {
      throw JsError.JSStreamSealedErr.exception();
    }
    if (c.denyPurge) {
      throw JsError.JSStreamPurgeFailedF.exception("stream purge not permitted");
    }
    long purged = s.purge(filter == null || filter.isEmpty() ? null : filter, seq, keep);
    out.put("success", true);
    out.put("purged", purged);
  }

  private static void names(JsAccount a, byte[] body, ObjectNode out) throws JsApiException {
    JsonNode r = body(body);
    page(
        out,
        "streams",
        filtered(a, r.path("subject").asText(null)),
        r.path("offset").asLong(0),
        NAMES_PAGE,
        s -> Json.object().textNode(s.name()));
  }

  /**
   * A paged reply ({@code total}, {@code offset}, {@code limit} and the page under {@code field}),
   * as the names and list requests of streams and consumers answer.
   */
  static <T> void page(
      ObjectNode out,
      String field,
      List<T> all,
      long requestedOffset,
      int limit,
      java.util.function.Function<T, JsonNode> each) {
    long offset = Math.min(Math.max(0, requestedOffset), all.size());
    out.put("total", all.size());
    out.put("offset", offset);
    out.put("limit", limit);
    ArrayNode arr = out.putArray(field);
    all.stream().skip(offset).limit(limit).forEach(t -> arr.add(each.apply(t)));
  }

  private static void list(JsAccount a, byte[] body, ObjectNode out) throws JsApiException {
    JsonNode r = body(body);
    page(
        out,
        "streams",
        filtered(a, r.path("subject").asText(null)),
        r.path("offset").asLong(0),
        LIST_PAGE,
        s -> s.info(false, null, 0, false));
    Map<String, String> offline = a.offlineStreams();
    if (!offline.isEmpty()) {
      ArrayNode missing = out.putArray("missing");
      offline.keySet().forEach(missing::add);
    }
  }

  // Streams whose subjects overlap `subject` (all when none given), by name.
  private static List<Stream> filtered(JsAccount a, String subject) throws JsApiException {
    if (subject != null && !subject.isEmpty() && !Subjects.isValid(subject)) {
      throw JsError.JSBadRequestErr.exception();
    }
    List<Stream> out = new ArrayList<>();
    for (Stream s : a.streams()) {
      if (subject == null
          || subject.isEmpty()
          || s.config().subjects.stream().anyMatch(x -> Subjects.collide(x, subject))) {
        out.add(s);
      }
    }
    return out;
  }

  private static void msgGet(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Stream s = stream(a, name);
    if (body.length == 0) {
      throw JsError.JSBadRequestErr.exception();
    }
    MsgGetRequest r = MsgGetRequest.parse(body);
    if (r.batch > 0 || r.maxBytes > 0 || r.multiLast != null) {
      throw JsError.JSBadRequestErr.exception();
    }
    StoredMessage m = s.find(r);
    out.set("message", Stream.messageJson(m, r.noHeaders));
  }

  private static void msgDelete(JsAccount a, String name, byte[] body, ObjectNode out)
      throws JsApiException {
    Stream s = stream(a, name);
    if (body.length == 0) {
      throw JsError.JSBadRequestErr.exception();
    }
    JsonNode r = body(body);
    long seq = r.path("seq").asLong(0);
    boolean noErase = r.path("no_erase").asBoolean(false);
    StreamConfig c = s.config();
    if (c.sealed) {
      throw JsError.JSStreamSealedErr.exception();
    }
    if (c.denyDelete) {
      throw JsError.JSStreamMsgDeleteFailedF.exception("message delete not permitted");
    }
    if (seq <= 0) {
      throw JsError.JSBadRequestErr.exception();
    }
    if (!s.delete(seq, !noErase)) {
      throw JsError.JSSequenceNotFoundErrF.exception(seq);
    }
    out.put("success", true);
  }
}
