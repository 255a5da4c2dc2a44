package io.tributary.dataplane.jetstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoredMessage;
import io.tributary.dataplane.store.StreamStore;

/**
 * Direct gets that answer with several messages: a batch from a sequence or time ({@code batch},
 * {@code max_bytes}) and the last message of each matching subject ({@code multi_last}, optionally
 * as of {@code up_to_seq} / {@code up_to_time}). Each message carries {@code Nats-Num-Pending} and
 * {@code Nats-Last-Sequence}; the answer ends with {@code NATS/1.0 204 EOB}.
 */
final class DirectBatch {
  /** The most messages one multi-last answer may hold (nats-server's limit). */
  static final int MAX_MULTI = 1024;

  private DirectBatch() {}

  static void answer(Stream stream, MsgGetRequest r, String reply) {
    try {
      List<StoredMessage> out =
          r.multiLast != null ? multiLast(stream.store(), r) : batch(stream.store(), r);
      if (out == null) {
        stream.status(reply, 413, "Too Many Results", null);
        return;
      }
      if (out.isEmpty()) {
        stream.status(reply, 404, "Message Not Found", null);
        return;
      }
      long last = 0;
      String filter = r.nextBySubject;
      for (int i = 0; i < out.size(); i++) {
        StoredMessage m = out.get(i);
        long pending =
            r.multiLast != null
                ? out.size() - i - 1
                : stream.store().numPending(m.seq() + 1, filter);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Nats-Num-Pending", Long.toString(pending));
        extra.put("Nats-Last-Sequence", Long.toString(last));
        stream.sendDirect(reply, m, r.noHeaders, extra);
        last = m.seq();
      }
      StoredMessage end = out.get(out.size() - 1);
      Map<String, String> eob = new LinkedHashMap<>();
      eob.put(
          "Nats-Num-Pending",
          Long.toString(
              r.multiLast != null ? 0 : stream.store().numPending(end.seq() + 1, filter)));
      eob.put("Nats-Last-Sequence", Long.toString(last));
      if (r.multiLast != null) {
        eob.put("Nats-UpTo-Sequence", Long.toString(upTo(stream.store(), r)));
      }
      stream.status(reply, 204, "EOB", eob);
    } catch (StoreException | JsApiException e) {
      stream.status(reply, 408, "Bad Request", null);
    }
  }

  private static List<StoredMessage> batch(StreamStore store, MsgGetRequest r)
      throws StoreException, JsApiException {
    long from = Math.max(1, r.seq);
    if (r.startTime != null) {
      from = store.seqAtOrAfterTime(Json.parseTime(r.startTime));
      if (from == 0) {
        return List.of();
      }
    }
    List<StoredMessage> out = new ArrayList<>();
    long bytes = 0;
    StoredMessage m;
    while (out.size() < r.batch && (m = store.next(from, r.nextBySubject)) != null) {
      bytes += m.size();
      if (r.maxBytes > 0 && bytes > r.maxBytes && !out.isEmpty()) {
        break;
      }
      out.add(m);
      from = m.seq() + 1;
    }
    return out;
  }

  private static long upTo(StreamStore store, MsgGetRequest r) throws JsApiException {
    long last = store.state().lastSeq();
    if (r.upToSeq > 0) {
      return Math.min(r.upToSeq, last);
    }
    if (r.upToTime != null) {
      long after = store.seqAtOrAfterTime(Json.parseTime(r.upToTime) + 1);
      return after == 0 ? last : after - 1;
    }
    return last;
  }

  // Null when more subjects match than one answer may hold.
  private static List<StoredMessage> multiLast(StreamStore store, MsgGetRequest r)
      throws StoreException, JsApiException {
    long upTo = upTo(store, r);
    TreeSet<String> subjects = new TreeSet<>();
    for (String filter : r.multiLast) {
      subjects.addAll(store.subjectCounts(filter).keySet());
    }
    int max = r.batch > 0 ? Math.min(r.batch, MAX_MULTI) : MAX_MULTI;
    if (subjects.size() > max) {
      return null;
    }
    List<StoredMessage> out = new ArrayList<>();
    for (String subject : subjects) {
      StoredMessage last = store.lastBySubject(subject);
      if (last != null && last.seq() > upTo) {
        last = null;
        StoredMessage m;
        long from = 1;
        while ((m = store.next(from, subject)) != null && m.seq() <= upTo) {
          last = m;
          from = m.seq() + 1;
        }
      }
      if (last != null) {
        out.add(last);
      }
    }
    out.sort(Comparator.comparingLong(StoredMessage::seq));
    return out;
  }
}
