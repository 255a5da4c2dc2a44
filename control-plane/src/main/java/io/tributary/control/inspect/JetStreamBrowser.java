package io.tributary.control.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.control.api.ApiException;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.inspect.Views.ConsumerView;
import io.tributary.control.inspect.Views.JetStreamUsage;
import io.tributary.control.inspect.Views.KvBucketView;
import io.tributary.control.inspect.Views.KvEntryView;
import io.tributary.control.inspect.Views.MessagePage;
import io.tributary.control.inspect.Views.MessageView;
import io.tributary.control.inspect.Views.ObjectStoreView;
import io.tributary.control.inspect.Views.ObjectView;
import io.tributary.control.inspect.Views.StreamDetail;
import io.tributary.control.inspect.Views.StreamSummary;
import io.tributary.control.inspect.Views.Usage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one account's JetStream and counters through its {@link AccountReader}, in the JetStream
 * API's own requests: stream and consumer lists and infos, {@code STREAM.MSG.GET} (by sequence,
 * next by subject, last by subject) for messages, Key/Value entries and object metadata, and a
 * stream's per-subject counts for the keys of a bucket. Nothing here creates anything on the node
 * (no consumer, no subscription but the reader's inbox).
 */
final class JetStreamBrowser {
  /** The most entries a list reads from a node for one answer. */
  static final int MAX_LIST = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[^.*>\\s]{1,255}");
  private static final String KV = "KV_";
  private static final String OBJ = "OBJ_";

  private final AccountReader reader;

  JetStreamBrowser(AccountReader reader) {
    this.reader = reader;
  }

  /** The account's counters, summed over the answers of its {@code nodes} nodes. */
  Usage usage(int nodes) {
    long conns = 0;
    long subs = 0;
    long inMsgs = 0;
    long inBytes = 0;
    long outMsgs = 0;
    long outBytes = 0;
    List<JsonNode> answers =
        reader.gather(
            "$SYS.REQ.ACCOUNT.PING.STATZ", Map.of(), Math.max(1, nodes), Duration.ofMillis(300));
    // nats-server 2.9's account statz has no subscription count: the connections list has one each
    for (JsonNode answer :
        reader.gather(
            "$SYS.REQ.ACCOUNT.PING.CONNZ", Map.of(), Math.max(1, nodes), Duration.ofMillis(300))) {
      for (JsonNode c : answer.path("data").path("connections")) {
        if (AccountReaders.NAME.equals(c.path("name").asText())) {
          conns--; // the reader asking is not the tenant's
        } else {
          subs += c.path("subscriptions").asLong();
        }
      }
    }
    for (JsonNode answer : answers) {
      for (JsonNode s : answer.path("data").path("account_statz")) {
        conns += s.path("conns").asLong();
        inMsgs += s.path("received").path("msgs").asLong();
        inBytes += s.path("received").path("bytes").asLong();
        outMsgs += s.path("sent").path("msgs").asLong();
        outBytes += s.path("sent").path("bytes").asLong();
      }
    }
    JetStreamUsage js;
    try {
      JsonNode info = reader.jetStream("$JS.API.INFO", null);
      js =
          new JetStreamUsage(
              info.path("memory").asLong(),
              info.path("storage").asLong(),
              info.path("streams").asLong(),
              info.path("consumers").asLong());
    } catch (ApiException e) {
      if (e.problem() != ApiProblem.JETSTREAM_DISABLED && e.problem() != ApiProblem.NO_NODE) {
        throw e;
      }
      js = null;
    }
    return new Usage(answers.size(), conns, subs, inMsgs, inBytes, outMsgs, outBytes, js);
  }

  /** Every stream (at most {@link #MAX_LIST}), by name. */
  List<StreamSummary> streams() {
    return allStreams().stream().map(JetStreamBrowser::summary).toList();
  }

  StreamDetail stream(String name) {
    JsonNode info = info(name, null);
    return new StreamDetail(summary(info), map(info.path("config")), map(info.path("state")));
  }

  /**
   * Up to {@code limit} messages in sequence order: from {@code fromSeq}, else from the first one
   * stored at or after {@code fromTime}, else the newest ones; only those whose subject matches
   * {@code subject} when it is given.
   */
  MessagePage messages(String stream, Long fromSeq, Instant fromTime, String subject, int limit) {
    JsonNode state = info(stream, null).path("state");
    long first = state.path("first_seq").asLong();
    long last = state.path("last_seq").asLong();
    String filter = subject == null || subject.isBlank() ? ">" : subject;
    long seq;
    if (fromSeq != null) {
      seq = Math.max(fromSeq, first);
    } else if (fromTime != null) {
      seq = firstAtOrAfter(stream, fromTime, first, last);
    } else if (filter.equals(">")) {
      seq = Math.max(first, last - limit + 1);
    } else {
      seq = first;
    }
    List<MessageView> out = new ArrayList<>();
    while (out.size() < limit && seq <= last && seq > 0) {
      JsonNode m = get(stream, Map.of("seq", seq, "next_by_subj", filter));
      if (m == null) {
        seq = last + 1;
        break;
      }
      MessageView v = message(m);
      out.add(v);
      seq = v.seq() + 1;
    }
    return new MessagePage(out, first, last, seq);
  }

  /** Every consumer of the stream (at most {@link #MAX_LIST}), by name. */
  List<ConsumerView> consumers(String stream) {
    checkName(stream, "stream");
    List<ConsumerView> out = new ArrayList<>();
    while (out.size() < MAX_LIST) {
      JsonNode r =
          reader.jetStream("$JS.API.CONSUMER.LIST." + stream, Map.of("offset", out.size()));
      JsonNode page = r.path("consumers");
      page.forEach(c -> out.add(consumer(c)));
      if (page.isEmpty() || out.size() >= r.path("total").asLong()) {
        break;
      }
    }
    out.sort(Comparator.comparing(ConsumerView::name));
    return out;
  }

  List<KvBucketView> kvBuckets() {
    List<KvBucketView> out = new ArrayList<>();
    for (JsonNode s : allStreams()) {
      String name = s.path("config").path("name").asText();
      if (name.startsWith(KV)) {
        JsonNode config = s.path("config");
        long maxAge = config.path("max_age").asLong();
        out.add(
            new KvBucketView(
                name.substring(KV.length()),
                s.path("state").path("num_subjects").asLong(),
                s.path("state").path("messages").asLong(),
                s.path("state").path("bytes").asLong(),
                config.path("max_msgs_per_subject").asLong(),
                maxAge > 0 ? maxAge / 1_000_000_000L : null));
      }
    }
    return out;
  }

  /** A page of the bucket's keys, by key: each one's latest entry (deleted ones included). */
  record KeyPage(List<KvEntryView> entries, int total) {}

  /** The keys from {@code offset}, at most {@code limit}, and how many there are, in one read. */
  KeyPage kvKeys(String bucket, int offset, int limit) {
    String prefix = "$KV." + checkName(bucket, "bucket") + ".";
    List<String> subjects = subjects(KV + bucket, prefix + ">");
    int from = Math.min(offset, subjects.size());
    List<KvEntryView> out = new ArrayList<>();
    for (String subject : subjects.subList(from, Math.min(from + limit, subjects.size()))) {
      JsonNode m = get(KV + bucket, Map.of("last_by_subj", subject));
      if (m != null) {
        out.add(entry(prefix, message(m)));
      }
    }
    return new KeyPage(out, subjects.size());
  }

  /** Every revision of the key the bucket keeps, newest first. */
  List<KvEntryView> kvHistory(String bucket, String key) {
    String prefix = "$KV." + checkName(bucket, "bucket") + ".";
    if (key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c == '*' || c == '>')) {
      throw ApiProblem.NOT_FOUND.exception("no key '" + key + "' in bucket '" + bucket + "'");
    }
    List<KvEntryView> out = new ArrayList<>();
    long seq = 1;
    while (out.size() < MAX_LIST) {
      JsonNode m = get(KV + bucket, Map.of("seq", seq, "next_by_subj", prefix + key));
      if (m == null) {
        break;
      }
      MessageView v = message(m);
      out.add(entry(prefix, v));
      seq = v.seq() + 1;
    }
    if (out.isEmpty()) {
      throw ApiProblem.NOT_FOUND.exception("no key '" + key + "' in bucket '" + bucket + "'");
    }
    return out.reversed();
  }

  List<ObjectStoreView> objectStores() {
    List<ObjectStoreView> out = new ArrayList<>();
    for (JsonNode s : allStreams()) {
      String name = s.path("config").path("name").asText();
      if (name.startsWith(OBJ)) {
        String bucket = name.substring(OBJ.length());
        out.add(
            new ObjectStoreView(
                bucket,
                subjects(name, "$O." + bucket + ".M.>").size(),
                s.path("state").path("bytes").asLong()));
      }
    }
    return out;
  }

  /** The objects of the bucket (not the deleted ones), by name. */
  List<ObjectView> objects(String bucket) {
    String stream = OBJ + checkName(bucket, "bucket");
    List<ObjectView> out = new ArrayList<>();
    for (String subject : subjects(stream, "$O." + bucket + ".M.>")) {
      JsonNode m = get(stream, Map.of("last_by_subj", subject));
      if (m == null) {
        continue;
      }
      JsonNode meta = parse(Base64.getDecoder().decode(m.path("data").asText()));
      if (meta.path("deleted").asBoolean()) {
        continue;
      }
      out.add(
          new ObjectView(
              meta.path("name").asText(),
              text(meta.path("description")),
              meta.path("size").asLong(),
              meta.path("chunks").asLong(),
              time(meta.path("mtime")),
              text(meta.path("digest"))));
    }
    out.sort(Comparator.comparing(ObjectView::name));
    return out;
  }

  // --- the JetStream API

  private List<JsonNode> allStreams() {
    List<JsonNode> out = new ArrayList<>();
    while (out.size() < MAX_LIST) {
      JsonNode r = reader.jetStream("$JS.API.STREAM.LIST", Map.of("offset", out.size()));
      JsonNode page = r.path("streams");
      page.forEach(out::add);
      if (page.isEmpty() || out.size() >= r.path("total").asLong()) {
        break;
      }
    }
    out.sort(Comparator.comparing(s -> s.path("config").path("name").asText()));
    return out;
  }

  private JsonNode info(String stream, String subjectsFilter) {
    checkName(stream, "stream");
    Map<String, Object> body = new LinkedHashMap<>();
    if (subjectsFilter != null) {
      body.put("subjects_filter", subjectsFilter);
    }
    return reader.jetStream("$JS.API.STREAM.INFO." + stream, body.isEmpty() ? null : body);
  }

  /** The subjects of {@code stream} that match {@code filter} and hold messages, sorted. */
  private List<String> subjects(String stream, String filter) {
    List<String> out = new ArrayList<>();
    info(stream, filter).path("state").path("subjects").fieldNames().forEachRemaining(out::add);
    out.sort(null);
    return out;
  }

  /** The stored message {@code request} names, or null when there is none. */
  private JsonNode get(String stream, Map<String, Object> request) {
    JsonNode r = reader.jetStream("$JS.API.STREAM.MSG.GET." + stream, request);
    return r == null ? null : r.path("message");
  }

  /** The sequence of the first message stored at or after {@code t} (binary search on times). */
  private long firstAtOrAfter(String stream, Instant t, long first, long last) {
    long lo = first;
    long hi = last + 1;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      JsonNode m = get(stream, Map.of("seq", mid, "next_by_subj", ">"));
      if (m == null || !time(m.path("time")).isBefore(t)) {
        hi = mid;
      } else {
        lo = m.path("seq").asLong() + 1;
      }
    }
    return lo;
  }

  // --- shapes

  private static StreamSummary summary(JsonNode info) {
    JsonNode c = info.path("config");
    JsonNode s = info.path("state");
    List<String> subjects = new ArrayList<>();
    c.path("subjects").forEach(x -> subjects.add(x.asText()));
    return new StreamSummary(
        c.path("name").asText(),
        text(c.path("description")),
        subjects,
        c.path("storage").asText(),
        c.path("retention").asText(),
        c.path("num_replicas").asInt(1),
        s.path("messages").asLong(),
        s.path("bytes").asLong(),
        s.path("first_seq").asLong(),
        time(s.path("first_ts")),
        s.path("last_seq").asLong(),
        time(s.path("last_ts")),
        s.path("num_subjects").asLong(),
        s.path("consumer_count").asInt(),
        time(info.path("created")));
  }

  private static ConsumerView consumer(JsonNode c) {
    JsonNode config = c.path("config");
    List<String> filters = new ArrayList<>();
    config.path("filter_subjects").forEach(x -> filters.add(x.asText()));
    if (filters.isEmpty() && config.hasNonNull("filter_subject")) {
      filters.add(config.path("filter_subject").asText());
    }
    return new ConsumerView(
        c.path("name").asText(),
        text(config.path("description")),
        config.hasNonNull("durable_name"),
        filters,
        config.path("deliver_policy").asText(),
        config.path("ack_policy").asText(),
        text(config.path("deliver_subject")),
        c.path("num_pending").asLong(),
        c.path("num_ack_pending").asLong(),
        c.path("num_redelivered").asLong(),
        c.path("num_waiting").asLong(),
        c.path("delivered").path("stream_seq").asLong(),
        c.path("ack_floor").path("stream_seq").asLong(),
        c.path("paused").asBoolean(),
        time(c.path("created")));
  }

  private static MessageView message(JsonNode m) {
    byte[] data =
        m.hasNonNull("data") ? Base64.getDecoder().decode(m.path("data").asText()) : new byte[0];
    Map<String, List<String>> headers =
        m.hasNonNull("hdrs")
            ? headers(Base64.getDecoder().decode(m.path("hdrs").asText()))
            : Map.of();
    return new MessageView(
        m.path("seq").asLong(),
        m.path("subject").asText(),
        time(m.path("time")),
        headers,
        Base64.getEncoder().encodeToString(data),
        utf8(data),
        data.length);
  }

  private static KvEntryView entry(String prefix, MessageView m) {
    List<String> op = m.headers().getOrDefault("KV-Operation", List.of("PUT"));
    return new KvEntryView(
        m.subject().substring(prefix.length()),
        m.seq(),
        op.getFirst(),
        m.time(),
        m.data(),
        m.text(),
        m.size());
  }

  /** A NATS header block ({@code NATS/1.0\r\nKey: value\r\n…}) as names to values. */
  static Map<String, List<String>> headers(byte[] block) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String[] lines = new String(block, StandardCharsets.UTF_8).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        out.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
    }
    return out;
  }

  private static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Instant time(JsonNode n) {
    if (!n.isTextual() || n.asText().startsWith("0001-01-01")) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static Map<String, Object> map(JsonNode n) {
    return JSON.convertValue(n, new TypeReference<Map<String, Object>>() {});
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw ApiProblem.JETSTREAM_ERROR.exception("object metadata that is not JSON");
    }
  }

  /** {@code name} if it can be a stream's or bucket's name in a subject, else 404. */
  private static String checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw ApiProblem.NOT_FOUND.exception("no " + what + " named '" + name + "'");
    }
    return name;
  }
}
