package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.protocol.Headers;
import io.tributary.dataplane.store.FileStore;
import io.tributary.dataplane.store.MemoryStore;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoreLimits;
import io.tributary.dataplane.store.StoredMessage;
import io.tributary.dataplane.store.StreamState;
import io.tributary.dataplane.store.StreamStore;
import io.tributary.dataplane.store.SyncPolicy;
import io.tributary.dataplane.subject.SubjectFilter;
import io.tributary.dataplane.subject.SubjectMapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One stream: its configuration and store, the subscriptions that capture its subjects, and
 * everything a publish goes through before its PubAck (the expected-* checks, de-duplication,
 * roll-ups, per-message TTLs). A publish is stored on the publisher's own thread (its connection's
 * event loop: no hand-off, so no thread wake-up per message) under the stream's lock, which every
 * write takes, so writes are applied one at a time in arrival order; nothing under the lock waits
 * for a disk sync. A PubAck is sent only once the store says the message is durable (fsynced, for
 * files), from the store's sync thread. A direct get of one message is answered on the requester's
 * event loop; batches of them on the stream's executor.
 */
final class Stream {
  static final String MSG_ID = "Nats-Msg-Id";
  static final String EXPECTED_STREAM = "Nats-Expected-Stream";
  static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";
  static final String EXPECTED_LAST_SUBJECT_SEQ = "Nats-Expected-Last-Subject-Sequence";
  static final String EXPECTED_LAST_SUBJECT_SEQ_SUBJECT =
      "Nats-Expected-Last-Subject-Sequence-Subject";
  static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
  static final String ROLLUP = "Nats-Rollup";
  static final String TTL = "Nats-TTL";
  static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final String DIRECT_GET = "$JS.API.DIRECT.GET.";

  private record Dedup(long seq, long timestamp, CompletableFuture<Long> durable) {}

  private final JsAccount owner;
  private final String name;
  private final long created;
  private final StreamStore store;
  private final Path dir;
  private final SerialExecutor executor;
  private volatile StreamConfig config;
  private volatile InternalClient client;
  // The fields below are guarded by this (the stream's write lock).
  private final LinkedHashMap<String, Dedup> dedup = new LinkedHashMap<>();
  private final PriorityQueue<long[]> ttls =
      new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private String lastMsgId;
  private long lastSeq;
  private long lastTimestamp;
  private volatile String failure; // the last storage failure, until the store recovers
  private final byte[] ackPrefix; // {"stream":"<name>","seq":
  // The highest sequence known durable: consumers deliver nothing beyond it.
  private final AtomicLong durableSeq = new AtomicLong();
  private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
  private final Object consumersLock = new Object(); // creates and deletes, one at a time

  private Stream(
      JsAccount owner,
      StreamConfig config,
      long created,
      StreamStore store,
      Path dir,
      Executor pool) {
    this.owner = owner;
    this.name = config.name;
    this.config = config;
    this.created = created;
    this.store = store;
    this.dir = dir;
    this.executor = new SerialExecutor(pool);
    this.ackPrefix =
        ("{\"stream\":" + Json.object().textNode(name).toString() + ",\"seq\":")
            .getBytes(StandardCharsets.UTF_8);
    StreamState s = store.state();
    this.lastSeq = s.lastSeq();
    this.lastTimestamp = s.lastTimestamp();
    this.durableSeq.set(s.lastSeq());
    store.syncPolicy(owner.node().sync(config));
  }

  /** Creates a new stream: its store and, for a file stream, its metadata on disk. */
  static Stream create(JsAccount owner, StreamConfig config, Path dir) throws JsApiException {
    long created = Clock.now();
    StreamStore store;
    try {
      if (config.isMemory()) {
        store = new MemoryStore(config.storeLimits());
      } else {
        store =
            owner
                .node()
                .openFileStore(dir.resolve("msgs"), config.storeLimits(), owner.keys(), null);
        try {
          MetaFile.write(
              owner.node().fileIo(),
              dir,
              meta(config, created),
              owner.keys(),
              context(owner, config.name));
        } catch (IOException e) {
          store.close();
          owner.node().deleteTree(dir); // no half-made stream is left for a restart to find
          throw e;
        }
      }
    } catch (StoreException | IOException e) {
      throw JsError.JSStreamCreateErrF.exception(
          "could not create stream storage: " + e.getMessage());
    }
    Stream s =
        new Stream(
            owner, config, created, store, config.isMemory() ? null : dir, owner.node().pool());
    if (config.firstSeq > 1) {
      s.skipTo(config.firstSeq);
    }
    s.subscribe();
    return s;
  }

  /** Opens a file stream found on disk (after a restart). */
  static Stream open(JsAccount owner, Path dir) throws IOException, StoreException, JsApiException {
    byte[] json = MetaFile.read(dir, owner.keys(), context(owner, dir.getFileName().toString()));
    if (json == null) {
      return null;
    }
    ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(json);
    StreamConfig config = Json.MAPPER.treeToValue(meta.get("config"), StreamConfig.class);
    config.normalize();
    long created = meta.get("created").asLong();
    Recovery recovery = new Recovery(Clock.now() - config.duplicateWindow, config.allowMsgTtl);
    StreamStore store =
        owner
            .node()
            .openFileStore(dir.resolve("msgs"), config.storeLimits(), owner.keys(), recovery);
    Stream s = new Stream(owner, config, created, store, dir, owner.node().pool());
    s.dedup.putAll(recovery.dedup);
    s.ttls.addAll(recovery.ttls);
    s.lastMsgId = recovery.lastSeq == s.lastSeq ? recovery.lastMsgId : null;
    s.loadConsumers();
    s.recheckRetention();
    s.subscribe();
    return s;
  }

  /**
   * What a file stream keeps beside its store, rebuilt from the records the store reads as it opens
   * (one pass, no second read of every message): the de-duplication ids still in the window,
   * per-message TTLs, the last message's id.
   */
  private static final class Recovery implements FileStore.RecoveryListener {
    private static final CompletableFuture<Long> DURABLE = CompletableFuture.completedFuture(0L);
    final long windowStart;
    final boolean ttl;
    final LinkedHashMap<String, Dedup> dedup = new LinkedHashMap<>();
    final List<long[]> ttls = new ArrayList<>();
    String lastMsgId;
    long lastSeq;

    Recovery(long windowStart, boolean ttl) {
      this.windowStart = windowStart;
      this.ttl = ttl;
    }

    @Override
    public void message(long seq, long timestamp, byte[] headers) {
      lastSeq = Math.max(lastSeq, seq);
      lastMsgId = null;
      if (headers == null) {
        return;
      }
      Headers h;
      try {
        h = Headers.parse(headers, 0, headers.length);
      } catch (IllegalArgumentException e) {
        return;
      }
      String id = h.first(MSG_ID);
      if (seq == lastSeq) {
        lastMsgId = id;
      }
      if (id != null && timestamp > windowStart) {
        dedup.put(id, new Dedup(seq, timestamp, DURABLE));
      }
      String t = ttl ? h.first(TTL) : null;
      if (t != null) {
        try {
          long nanos = parseTtl(t);
          if (nanos > 0) {
            ttls.add(new long[] {timestamp + nanos, seq});
          }
        } catch (JsApiException e) {
          // stored before the check existed: no expiry
        }
      }
    }
  }

  private static byte[] meta(StreamConfig config, long created) {
    ObjectNode n = Json.object();
    n.set("config", config.toJson());
    n.put("created", created);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String context(JsAccount owner, String stream) {
    return "stream-meta:" + owner.name() + "/" + stream;
  }

  String name() {
    return name;
  }

  StreamConfig config() {
    return config;
  }

  StreamState state() {
    return store.state();
  }

  boolean isMemory() {
    return config.isMemory();
  }

  /** Storage this stream holds, exactly (see {@link StoredMessage#size}). */
  long bytes() {
    return store.state().bytes();
  }

  /** The last storage failure, or null when the store takes writes. */
  String failure() {
    return failure;
  }

  // ---- subscriptions ----

  private void subscribe() {
    StreamConfig c = config;
    // Handlers run where the message was published (Runnable::run).
    InternalClient next =
        InternalClient.nodeLocal(owner.account(), "js-stream-" + name, Runnable::run);
    for (String subject : c.subjects) {
      next.subscribe(subject, this::ingest);
    }
    if (c.allowDirect) {
      // A get of one message is answered where it arrives, on the requester's event loop (as
      // nats-server answers it on the requester's connection): an index look-up and, mostly, a read
      // from the page cache, cheaper than a thread hand-off. Batches go to the executor.
      next.subscribe(DIRECT_GET + name, this::directGet);
      next.subscribe(DIRECT_GET + name + ".>", this::directGet);
    }
    InternalClient old = client;
    client = next;
    if (old != null) {
      old.close();
    }
  }

  void stop() {
    InternalClient c = client;
    if (c != null) {
      c.close();
    }
  }

  /** Stops and closes the store and its consumers (they stay on disk). */
  void close() {
    stop();
    for (Consumer c : consumers.values()) {
      c.close();
    }
    synchronized (this) {
      store.close();
    }
  }

  // ---- publishing ----

  // What a publish became: stored at seq (durable once the future completes), or a duplicate.
  private record Accepted(
      long seq,
      CompletableFuture<Long> durable,
      String subject,
      byte[] headers,
      byte[] payload,
      long timestamp,
      Dedup duplicateOf) {}

  private void ingest(InternalClient.Message m) {
    StreamConfig c = config;
    String reply = c.noAck ? null : m.reply();
    Accepted a;
    try {
      synchronized (this) {
        a = store(c, m);
      }
    } catch (JsApiException e) {
      reply(reply, e.writeTo(pubAck(0)));
      return;
    }
    // Outside the lock: a memory store's future is already complete, and a republish may reach
    // another stream's lock.
    if (a.duplicateOf() != null) {
      replyDuplicate(reply, a.duplicateOf());
      return;
    }
    a.durable()
        .whenComplete(
            (seq, err) -> {
              if (err != null) {
                failed(err);
                reply(reply, storeFailed(err).writeTo(pubAck(0)));
                return;
              }
              durable(a.seq());
              if (c.retention.equals("interest")) {
                dropUnwanted(a.seq(), a.subject());
              }
              if (reply != null) {
                // The hot path: the PubAck's bytes without building a JSON tree.
                reply(reply, Decimal.between(ackPrefix, a.seq(), (byte) '}'));
              }
              if (c.republish != null) {
                republish(c, a.seq(), a.subject(), a.headers(), a.payload(), a.timestamp());
              }
            });
  }

  private Accepted store(StreamConfig c, InternalClient.Message m) throws JsApiException {
    byte[] hdr = m.headers();
    byte[] payload = m.payload();
    long size = (hdr == null ? 0 : hdr.length) + payload.length;
    if (c.sealed) {
      throw JsError.JSStreamSealedErr.exception();
    }
    Headers h = null;
    if (hdr != null) {
      try {
        h = Headers.parse(hdr, 0, hdr.length);
      } catch (IllegalArgumentException e) {
        throw JsError.JSBadRequestErr.exception();
      }
    }
    String subject = c.storedSubject(m.subject());
    String msgId = null;
    String rollup = null;
    long ttl = 0;
    if (h != null) {
      String expected = h.first(EXPECTED_STREAM);
      if (expected != null && !expected.equals(name)) {
        throw JsError.JSStreamNotMatchErr.exception();
      }
      String ttlText = h.first(TTL);
      if (ttlText != null && !c.allowMsgTtl) {
        throw JsError.JSMessageTTLDisabledErr.exception();
      }
      String subjSeq = h.first(EXPECTED_LAST_SUBJECT_SEQ);
      String subjSeqSubject = h.first(EXPECTED_LAST_SUBJECT_SEQ_SUBJECT);
      if (subjSeqSubject != null && subjSeq == null) {
        throw JsError.JSStreamExpectedLastSeqPerSubjectInvalid.exception();
      }
      if (subjSeq != null) {
        long want = parseSeq(subjSeq);
        String on = subjSeqSubject != null ? subjSeqSubject : subject;
        StoredMessage last = lastBySubject(on);
        long have = last == null ? 0 : last.seq();
        if (have != want) {
          throw JsError.JSStreamWrongLastSequenceErrF.exception(have);
        }
      }
      String lastSeqText = h.first(EXPECTED_LAST_SEQ);
      if (lastSeqText != null && parseSeq(lastSeqText) != lastSeq) {
        throw JsError.JSStreamWrongLastSequenceErrF.exception(lastSeq);
      }
      msgId = h.first(MSG_ID);
      if (msgId != null && !msgId.isEmpty()) {
        expireDedup(Clock.now(), c);
        Dedup d = dedup.get(msgId);
        if (d != null) {
          return new Accepted(d.seq(), null, null, null, null, 0, d);
        }
      }
      String lastMsgIdWanted = h.first(EXPECTED_LAST_MSG_ID);
      if (lastMsgIdWanted != null && !lastMsgIdWanted.equals(lastMsgId == null ? "" : lastMsgId)) {
        throw JsError.JSStreamWrongLastMsgIDErrF.exception(lastMsgId == null ? "" : lastMsgId);
      }
      rollup = h.first(ROLLUP);
      if (rollup != null) {
        if (!c.allowRollup || c.denyPurge) {
          throw JsError.JSStreamRollupFailedF.exception("rollup not permitted");
        }
        rollup = rollup.toLowerCase(Locale.ROOT);
        if (!rollup.equals("sub") && !rollup.equals("all")) {
          throw JsError.JSStreamRollupFailedF.exception(
              "rollup value invalid: \"" + h.first(ROLLUP) + "\"");
        }
      }
      if (c.maxMsgSize >= 0 && size > c.maxMsgSize) {
        throw JsError.JSStreamMessageExceedsMaximumErr.exception();
      }
      if (hdr.length > MAX_HEADER_BYTES) {
        throw JsError.JSStreamHeaderExceedsMaximumErr.exception();
      }
      if (ttlText != null) {
        ttl = parseTtl(ttlText);
      }
    } else if (c.maxMsgSize >= 0 && size > c.maxMsgSize) {
      throw JsError.JSStreamMessageExceedsMaximumErr.exception();
    }
    long stored = StoreLimits.sizeOf(subject, hdr, payload);
    owner.checkUsage(c.isMemory(), stored);
    long ts = Math.max(Clock.now(), lastTimestamp);
    CompletableFuture<Long> durable;
    try {
      durable = store.append(subject, hdr, payload, ts);
    } catch (StoreException e) {
      throw storeFailed(e);
    }
    long seq = ++lastSeq;
    lastTimestamp = ts;
    if (msgId != null && !msgId.isEmpty()) {
      dedup.put(msgId, new Dedup(seq, ts, durable));
      lastMsgId = msgId;
    } else {
      lastMsgId = null;
    }
    if (ttl > 0) {
      ttls.add(new long[] {ts + ttl, seq});
    }
    if (rollup != null) {
      try {
        store.purge(rollup.equals("all") ? null : subject, seq, 0);
      } catch (StoreException e) {
        NodeLog.warn("stream " + name + ": roll-up after " + seq + " failed: " + e.getMessage());
      }
      // The purge's records must be durable with the message.
      durable = durable.thenCombine(store.flush(), (s, v) -> s);
    }
    return new Accepted(seq, durable, subject, hdr, payload, ts, null);
  }

  private StoredMessage lastBySubject(String subject) throws JsApiException {
    try {
      return store.lastBySubject(subject);
    } catch (StoreException e) {
      throw storeFailed(e);
    }
  }

  private void replyDuplicate(String reply, Dedup d) {
    d.durable.whenComplete(
        (s, err) -> {
          if (err != null) {
            reply(reply, storeFailed(err).writeTo(pubAck(0)));
          } else {
            reply(reply, pubAck(d.seq).put("duplicate", true));
          }
        });
  }

  private ObjectNode pubAck(long seq) {
    ObjectNode ack = Json.object();
    ack.put("stream", name);
    ack.put("seq", seq);
    return ack;
  }

  private void reply(String reply, ObjectNode body) {
    if (reply != null) {
      reply(reply, body.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private void reply(String reply, byte[] body) {
    InternalClient c = client;
    if (c != null) {
      c.reply(reply, body);
    }
  }

  private void republish(
      StreamConfig c, long seq, String subject, byte[] hdr, byte[] payload, long ts) {
    if (!Subjects.matches(c.republish.src, subject)) {
      return;
    }
    String dest = SubjectMapping.map(c.republish.src, c.republish.dest, subject);
    Headers.Builder b = Headers.builder();
    if (hdr != null) {
      Headers original = Headers.parse(hdr, 0, hdr.length);
      for (String k : original.keys()) {
        for (String v : original.values(k)) {
          b.add(k, v);
        }
      }
    }
    b.set("Nats-Stream", name);
    b.set("Nats-Subject", subject);
    b.set("Nats-Sequence", Long.toString(seq));
    b.set("Nats-Time-Stamp", Json.time(ts));
    b.set("Nats-Last-Sequence", Long.toString(seq - 1));
    byte[] body = payload;
    if (c.republish.headersOnly) {
      b.set("Nats-Msg-Size", Integer.toString(payload.length));
      body = new byte[0];
    }
    InternalClient cl = client;
    if (cl != null) {
      cl.publish(dest, null, b.build(), body);
    }
  }

  private static long parseSeq(String text) throws JsApiException {
    try {
      return Long.parseUnsignedLong(text.strip());
    } catch (NumberFormatException e) {
      throw JsError.JSBadRequestErr.exception();
    }
  }

  /** {@code Nats-TTL}: whole seconds, a Go duration of at least 1 s, or {@code never} (none). */
  static long parseTtl(String text) throws JsApiException {
    String t = text.strip();
    if (t.equalsIgnoreCase("never")) {
      return -1;
    }
    long nanos;
    try {
      nanos = TimeUnit.SECONDS.toNanos(Long.parseLong(t));
    } catch (NumberFormatException e) {
      nanos = GoDuration.parse(t);
    }
    if (nanos < TimeUnit.SECONDS.toNanos(1)) {
      throw JsError.JSMessageTTLInvalidErr.exception();
    }
    return nanos;
  }

  private JsApiException storeFailed(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    String why =
        switch (e) {
          case StoreException.MessageTooLarge x -> "message size exceeds maximum allowed";
          case StoreException.StoreFull x -> x.getMessage();
          case StoreException.SubjectFull x -> "maximum messages per subject exceeded";
          default -> e.getMessage();
        };
    if (e instanceof StoreException.MessageTooLarge) {
      return JsError.JSStreamMessageExceedsMaximumErr.exception();
    }
    return JsError.JSStreamStoreFailedF.exception(why);
  }

  private void failed(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof StoreException.StorageFailure) {
      if (failure == null) {
        NodeLog.warn(
            "stream "
                + owner.name()
                + "/"
                + name
                + ": "
                + e.getMessage()
                + "; writes refused until the disk recovers");
      }
      failure = e.getMessage();
    }
  }

  // ---- housekeeping (on the node's housekeeping thread) ----

  /**
   * Expires messages past max age and their TTL, old de-duplication ids; retries a failed store and
   * consumer state whose write failed.
   */
  synchronized void housekeep(long now) {
    for (Consumer c : consumers.values()) {
      c.retryStorage();
    }
    try {
      if (failure != null) {
        if (store.recover()) {
          NodeLog.info("stream " + owner.name() + "/" + name + ": storage recovered");
          failure = null;
        } else {
          return;
        }
      }
      long removed = store.expire(now);
      while (!ttls.isEmpty() && ttls.peek()[0] <= now) {
        if (store.delete(ttls.poll()[1], false)) {
          removed++;
        }
      }
      if (removed > 0) {
        signalConsumers();
      }
      expireDedup(now, config);
    } catch (StoreException e) {
      failed(e);
    }
  }

  private void expireDedup(long now, StreamConfig c) {
    long cutoff = now - c.duplicateWindow;
    Iterator<Dedup> it = dedup.values().iterator();
    while (it.hasNext()) {
      if (it.next().timestamp() > cutoff) {
        break;
      }
      it.remove();
    }
  }

  // A stream created with first_seq starts there: the sequences below count as purged.
  private void skipTo(long first) throws JsApiException {
    try {
      store.skipTo(first);
      lastSeq = first - 1;
    } catch (StoreException e) {
      throw JsError.JSStreamCreateErrF.exception(e.getMessage());
    }
  }

  // ---- API operations (under the stream's lock, in order with publishes) ----

  // Waits, outside the lock, until what a write did is durable.
  private static void awaitDurable(CompletableFuture<Void> f, JsError onError)
      throws JsApiException {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw onError.exception("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw onError.exception(cause.getMessage());
    }
  }

  /** Applies a new configuration (already checked against the old one and the account). */
  void update(StreamConfig next) throws JsApiException {
    synchronized (this) {
      // The configuration is on disk before anything acts on it: an update the disk refuses
      // changes nothing (tighter limits would already have removed messages).
      if (!next.isMemory()) {
        try {
          MetaFile.write(
              owner.node().fileIo(), dir, meta(next, created), owner.keys(), context(owner, name));
        } catch (IOException e) {
          throw JsError.JSStreamUpdateErrF.exception(e.getMessage());
        }
      }
      config = next;
      subscribe();
      try {
        store.syncPolicy(owner.node().sync(next));
        store.limits(next.storeLimits());
      } catch (StoreException e) {
        // The update stands (it is on disk); the store applies its limits once it recovers.
        failed(e);
        throw JsError.JSStreamUpdateErrF.exception(
            "stream updated, its limits not yet applied: " + e.getMessage());
      }
    }
    awaitDurable(store.flush(), JsError.JSStreamUpdateErrF);
  }

  long purge(String filter, long upToSeq, long keep) throws JsApiException {
    long n;
    synchronized (this) {
      try {
        n = store.purge(filter, upToSeq, keep);
      } catch (StoreException e) {
        throw JsError.JSStreamPurgeFailedF.exception(e.getMessage());
      }
    }
    awaitDurable(store.flush(), JsError.JSStreamPurgeFailedF);
    signalConsumers();
    return n;
  }

  /**
   * Deletes one message; false if the stream does not hold it. A sequence past the last one, or
   * below the first, is an error as nats-server's store makes it ("stream store EOF", "no message
   * found").
   */
  boolean delete(long seq, boolean erase) throws JsApiException {
    boolean done;
    synchronized (this) {
      StreamState st = store.state();
      if (seq > st.lastSeq()) {
        throw JsError.JSStreamMsgDeleteFailedF.exception("stream store EOF");
      }
      if (seq < st.firstSeq()) {
        throw JsError.JSStreamMsgDeleteFailedF.exception("no message found");
      }
      try {
        done = store.delete(seq, erase);
      } catch (StoreException e) {
        throw JsError.JSStreamMsgDeleteFailedF.exception(e.getMessage());
      }
    }
    awaitDurable(store.flush(), JsError.JSStreamMsgDeleteFailedF);
    signalConsumers();
    return done;
  }

  // ---- after a key rotation ----

  /** Writes the metadata again, sealed under the account's current key. */
  synchronized void resealMeta() throws IOException {
    if (dir != null) {
      MetaFile.write(
          owner.node().fileIo(), dir, meta(config, created), owner.keys(), context(owner, name));
    }
  }

  /** Re-seals one segment under the current key; false when none is left (or a memory stream). */
  boolean resealOne() throws StoreException {
    if (!(store instanceof FileStore f)) {
      return false;
    }
    synchronized (this) {
      return f.resealOne();
    }
  }

  /** Segments still holding records under an older key, or null for a memory stream. */
  FileStore.ResealProgress resealProgress() {
    return store instanceof FileStore f ? f.resealProgress() : null;
  }

  /** Closes the store and removes its files (its consumers' with them). */
  void destroy() {
    for (Consumer c : consumers.values()) {
      c.destroy();
    }
    consumers.clear();
    close();
    if (dir != null) {
      owner.node().deleteTree(dir);
    }
  }

  // ---- consumers ----

  JsAccount owner() {
    return owner;
  }

  /** When this stream's writes (and its consumers' state) count as durable. */
  SyncPolicy sync() {
    return owner.node().sync(config);
  }

  /** The highest sequence that is durable: what consumers may deliver. */
  long durableSeq() {
    return durableSeq.get();
  }

  // Called as each PubAck's message becomes durable (in sequence order for a file store).
  private void durable(long seq) {
    durableSeq.accumulateAndGet(seq, Math::max);
    signalConsumers();
  }

  void signalConsumers() {
    for (Consumer c : consumers.values()) {
      c.signal();
    }
  }

  Consumer consumer(String name) {
    return consumers.get(name);
  }

  List<Consumer> consumers() {
    List<Consumer> out = new ArrayList<>(consumers.values());
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  int consumerCount() {
    return consumers.size();
  }

  private Path consumersDir() {
    return dir == null ? null : dir.resolve("consumers");
  }

  private void loadConsumers() {
    Path root = consumersDir();
    if (root == null || !java.nio.file.Files.isDirectory(root)) {
      return;
    }
    try (var ds = java.nio.file.Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        try {
          Consumer c = Consumer.open(this, p);
          if (c != null) {
            consumers.put(c.name(), c);
          }
        } catch (IOException | StoreException | JsApiException | RuntimeException e) {
          NodeLog.warn(
              "consumer "
                  + owner.name()
                  + "/"
                  + name
                  + "/"
                  + p.getFileName()
                  + " is not served: "
                  + e.getMessage());
        }
      }
    } catch (IOException e) {
      NodeLog.warn("cannot list the consumers of " + owner.name() + "/" + name + ": " + e);
    }
  }

  /**
   * Creates a consumer, or updates the one of that name: {@code action} is {@code create}, {@code
   * update} or empty (either). Returns the consumer and whether it was created.
   */
  Consumer addConsumer(String consumerName, ConsumerConfig c, String action) throws JsApiException {
    synchronized (consumersLock) {
      Consumer existing = consumers.get(consumerName);
      if (existing != null) {
        if (action.equals("create") && !existing.config().sameAs(c)) {
          throw JsError.JSConsumerAlreadyExists.exception();
        }
        if (existing.config().sameAs(c)) {
          return existing;
        }
        String refused = existing.config().updateRefused(c, existing.pushBound());
        if (refused != null) {
          throw refused.equals("consumer name already in use")
              ? JsError.JSConsumerNameExistErr.exception()
              : JsError.JSConsumerCreateErrF.exception(refused);
        }
        checkWorkQueue(c, existing);
        c.pauseUntil = existing.config().pauseUntil;
        existing.update(c);
        return existing;
      }
      if (action.equals("update")) {
        throw JsError.JSConsumerDoesNotExist.exception();
      }
      StreamConfig sc = config;
      if (sc.maxConsumers > 0 && consumers.size() >= sc.maxConsumers) {
        throw JsError.JSMaximumConsumersLimitErr.exception();
      }
      owner.checkConsumerLimit();
      checkWorkQueue(c, null);
      Path cdir = isMemory() || c.memStorage ? null : consumersDir().resolve(consumerName);
      Consumer created = Consumer.create(this, consumerName, c, cdir);
      consumers.put(consumerName, created);
      created.signal(); // what became durable while it was being made
      consumerAction(created, "create");
      return created;
    }
  }

  // A work queue takes one consumer per subject: no two unfiltered, no two overlapping filters.
  private void checkWorkQueue(ConsumerConfig c, Consumer self) throws JsApiException {
    if (!"workqueue".equals(config.retention)) {
      return;
    }
    for (Consumer other : consumers.values()) {
      if (other == self) {
        continue;
      }
      List<String> mine = c.filters();
      List<String> theirs = other.config().filters();
      if (mine.isEmpty() || theirs.isEmpty()) {
        throw mine.isEmpty() && theirs.isEmpty()
            ? JsError.JSConsumerWQMultipleUnfilteredErr.exception()
            : JsError.JSConsumerWQConsumerNotUniqueErr.exception();
      }
      for (String a : mine) {
        for (String b : theirs) {
          if (Subjects.collide(a, b)) {
            throw JsError.JSConsumerWQConsumerNotUniqueErr.exception();
          }
        }
      }
    }
  }

  // ---- interest and work-queue retention ----

  /**
   * A consumer is done with these messages (acknowledged, terminated, or delivered with ack none):
   * a work queue removes them at once; an interest stream once every consumer whose filter takes
   * the message is done with it. Runs on the stream's executor, off the consumer's lock.
   */
  void consumed(Consumer by, List<Long> seqs) {
    String retention = config.retention;
    executor.execute(
        () -> {
          for (long seq : seqs) {
            String subject = store.subject(seq);
            if (subject == null) {
              continue;
            }
            if (retention.equals("interest")) {
              boolean all = true;
              for (Consumer c : consumers.values()) {
                if (c != by && !c.doneWith(seq, subject)) {
                  all = false;
                  break;
                }
              }
              if (!all) {
                continue;
              }
            }
            removeRetained(seq);
          }
        });
  }

  // An interest stream keeps a message only while some consumer's filter takes it.
  // On the stream's executor, never on the store's sync thread that completes the PubAck.
  private void dropUnwanted(long seq, String subject) {
    executor.execute(
        () -> {
          for (Consumer c : consumers.values()) {
            if (c.wants(subject)) {
              return;
            }
          }
          removeRetained(seq);
        });
  }

  private void removeRetained(long seq) {
    synchronized (this) {
      try {
        store.delete(seq, false);
      } catch (StoreException e) {
        failed(e);
      }
    }
  }

  /** Deletes a consumer; false if there is none of that name. */
  boolean deleteConsumer(String consumerName) {
    Consumer c;
    synchronized (consumersLock) {
      c = consumers.remove(consumerName);
    }
    if (c == null) {
      return false;
    }
    c.destroy();
    consumerAction(c, "delete");
    recheckRetention();
    return true;
  }

  /** An ephemeral (or a consumer with an inactive threshold) that nobody used for too long. */
  void removeInactive(Consumer c) {
    synchronized (consumersLock) {
      if (consumers.get(c.name()) != c || !c.stillInactive()) {
        return;
      }
      consumers.remove(c.name());
    }
    c.destroy();
    consumerAction(c, "delete");
    recheckRetention();
  }

  // An interest stream after a consumer went, or any retention stream after a restart (the removal
  // of a consumed message is not durable with its ack): what no consumer needs any more goes. The
  // subject index tells each message's subject; nothing is read.
  private void recheckRetention() {
    if ("limits".equals(config.retention)) {
      return;
    }
    boolean workQueue = "workqueue".equals(config.retention);
    executor.execute(
        () -> {
          StreamState st = store.state();
          for (long seq = st.firstSeq(); seq <= st.lastSeq() && st.msgs() > 0; seq++) {
            String subject = store.subject(seq);
            if (subject == null) {
              continue;
            }
            boolean wanted = false;
            boolean needed = false;
            for (Consumer c : consumers.values()) {
              wanted |= c.wants(subject);
              if (!c.doneWith(seq, subject)) {
                needed = true;
                break;
              }
            }
            // A work queue keeps what no consumer takes yet; an interest stream does not.
            if (!needed && (wanted || !workQueue)) {
              removeRetained(seq);
            }
          }
        });
  }

  // $JS.EVENT.ADVISORY.CONSUMER.CREATED|DELETED.<stream>.<consumer>, as nats-server sends them.
  private void consumerAction(Consumer c, String action) {
    ObjectNode a = Json.object();
    a.put("type", "io.nats.jetstream.advisory.v1.consumer_action");
    a.put("id", java.util.UUID.randomUUID().toString().replace("-", ""));
    a.put("timestamp", Json.time(Clock.now()));
    a.put("stream", name);
    a.put("consumer", c.name());
    a.put("action", action);
    String kind = action.equals("create") ? "CREATED." : "DELETED.";
    advise(Consumer.ADVISORY + kind + name + "." + c.name(), a);
  }

  /** Publishes an advisory in the account ({@code $JS.EVENT.ADVISORY.>}). */
  void advise(String subject, ObjectNode advisory) {
    InternalClient cl = client;
    if (cl != null) {
      cl.publish(subject, advisory.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---- reads ----

  /**
   * The stream's info as {@code STREAM.INFO} answers it; {@code paged} adds its {@code total},
   * {@code offset} and {@code limit} (the page of {@code state.subjects}), which the create and
   * update replies do not carry.
   */
  ObjectNode info(boolean deletedDetails, String subjectsFilter, long offset, boolean paged) {
    StreamState s = store.state();
    ObjectNode info = Json.object();
    info.set("config", config.toJson());
    info.put("created", Json.time(created));
    ObjectNode st = info.putObject("state");
    st.put("messages", s.msgs());
    st.put("bytes", s.bytes());
    // nats-server: 0 until the first message (or first_seq) was assigned.
    st.put("first_seq", s.lastSeq() == 0 ? 0 : s.firstSeq());
    st.put("first_ts", Json.time(s.firstTimestamp()));
    st.put("last_seq", s.lastSeq());
    st.put("last_ts", Json.time(s.lastTimestamp()));
    if (s.numSubjects() > 0) {
      st.put("num_subjects", s.numSubjects());
    }
    long total = 0;
    long limit = 0;
    long pageOffset = 0;
    if (subjectsFilter != null && !subjectsFilter.isEmpty()) {
      Map<String, Long> counts = store.subjectCounts(subjectsFilter);
      if (!counts.isEmpty()) {
        total = counts.size();
        limit = JsApi.SUBJECTS_PAGE;
        pageOffset = offset;
        ObjectNode subjects = Json.object();
        long i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
          if (i++ < offset) {
            continue;
          }
          if (subjects.size() >= JsApi.SUBJECTS_PAGE) {
            break;
          }
          subjects.put(e.getKey(), e.getValue());
        }
        if (!subjects.isEmpty()) {
          st.set("subjects", subjects);
        }
      }
    }
    if (s.numDeleted() > 0) {
      if (deletedDetails) {
        ArrayNode d = st.putArray("deleted");
        for (long seq : store.deleted()) {
          d.add(seq);
        }
      }
      st.put("num_deleted", s.numDeleted());
    }
    if (s.corrupt() > 0) {
      // Ours, not nats-server's: records found damaged on disk and never served.
      st.put("damaged_records", s.corrupt());
    }
    st.put("consumer_count", consumers.size());
    if (failure != null) {
      info.put("storage_failure", failure);
    }
    info.putObject("cluster").put("leader", owner.node().serverName());
    info.put("ts", Json.time(Clock.now()));
    if (paged) {
      info.put("total", total);
      info.put("offset", pageOffset);
      info.put("limit", limit);
    }
    return info;
  }

  /** The message a get asks for, or a 10037 / 10003 error. */
  StoredMessage find(MsgGetRequest r) throws JsApiException {
    try {
      if (r.lastBySubject != null && !r.lastBySubject.isEmpty()) {
        if (r.seq > 0 || r.startTime != null || r.nextBySubject != null) {
          throw JsError.JSBadRequestErr.exception();
        }
        return found(store.lastBySubject(r.lastBySubject));
      }
      long from = r.seq;
      if (r.startTime != null) {
        if (r.seq > 0) {
          throw JsError.JSBadRequestErr.exception();
        }
        from = store.seqAtOrAfterTime(Json.parseTime(r.startTime));
        if (from == 0) {
          throw JsError.JSNoMessageFoundErr.exception();
        }
      }
      if (r.nextBySubject != null && !r.nextBySubject.isEmpty()) {
        return found(store.next(Math.max(from, 1), r.nextBySubject));
      }
      if (from <= 0) {
        throw JsError.JSBadRequestErr.exception();
      }
      return found(r.startTime != null ? store.next(from, SubjectFilter.ALL) : store.get(from));
    } catch (StoreException e) {
      throw JsError.JSStreamGeneralErrorF.exception(e.getMessage());
    }
  }

  private static StoredMessage found(StoredMessage m) throws JsApiException {
    if (m == null) {
      throw JsError.JSNoMessageFoundErr.exception();
    }
    return m;
  }

  /** A stored message as {@code STREAM.MSG.GET} returns it. */
  static ObjectNode messageJson(StoredMessage m, boolean noHeaders) {
    ObjectNode o = Json.object();
    o.put("subject", m.subject());
    o.put("seq", m.seq());
    if (m.headers() != null && m.headers().length > 0 && !noHeaders) {
      o.put("hdrs", Base64.getEncoder().encodeToString(m.headers()));
    }
    if (m.payload().length > 0) {
      o.put("data", Base64.getEncoder().encodeToString(m.payload()));
    }
    o.put("time", Json.time(m.timestamp()));
    return o;
  }

  // ---- direct get ----

  private void directGet(InternalClient.Message m) {
    String reply = m.reply();
    if (reply == null) {
      return;
    }
    String prefix = DIRECT_GET + name;
    String lastFor =
        m.subject().length() > prefix.length() ? m.subject().substring(prefix.length() + 1) : null;
    MsgGetRequest r;
    try {
      if (lastFor != null) {
        r = m.payload().length == 0 ? new MsgGetRequest() : MsgGetRequest.parse(m.payload());
        if (r.seq > 0
            || r.lastBySubject != null
            || r.nextBySubject != null
            || r.startTime != null
            || r.batch > 0
            || r.multiLast != null) {
          status(reply, 408, "Bad Request");
          return;
        }
        r.lastBySubject = lastFor;
      } else {
        if (m.payload().length == 0) {
          status(reply, 408, "Empty Request");
          return;
        }
        r = MsgGetRequest.parse(m.payload());
        if (r.seq <= 0
            && r.lastBySubject == null
            && r.nextBySubject == null
            && r.startTime == null
            && r.multiLast == null) {
          status(reply, 408, "Empty Request");
          return;
        }
      }
    } catch (JsApiException e) {
      status(reply, 408, "Malformed Request");
      return;
    }
    if (r.multiLast != null || r.batch > 0) {
      MsgGetRequest batch = r;
      executor.execute(() -> DirectBatch.answer(this, batch, reply));
      return;
    }
    try {
      sendDirect(reply, find(r), r.noHeaders, null);
    } catch (JsApiException e) {
      if (e.error() == JsError.JSNoMessageFoundErr) {
        status(reply, 404, "Message Not Found");
      } else {
        status(reply, 408, "Bad Request");
      }
    }
  }

  StreamStore store() {
    return store;
  }

  /** Sends a stored message to a direct-get requester, with the Nats-* headers. */
  void sendDirect(String reply, StoredMessage m, boolean noHeaders, Map<String, String> extra) {
    Headers.Builder b = Headers.builder();
    if (!noHeaders) {
      if (m.headers() != null) {
        Headers original = Headers.parse(m.headers(), 0, m.headers().length);
        for (String k : original.keys()) {
          for (String v : original.values(k)) {
            b.add(k, v);
          }
        }
      }
      b.set("Nats-Stream", name);
      b.set("Nats-Subject", m.subject());
      b.set("Nats-Sequence", Long.toString(m.seq()));
      b.set("Nats-Time-Stamp", Json.time(m.timestamp()));
    }
    if (extra != null) {
      extra.forEach(b::set);
    }
    InternalClient c = client;
    if (c != null) {
      c.publish(reply, null, b.build(), m.payload());
    }
  }

  /** Sends a status-only reply ({@code NATS/1.0 404 Message Not Found}). */
  void status(String reply, int code, String description, Map<String, String> extra) {
    Headers.Builder b = Headers.builder().status(code, description);
    if (extra != null) {
      extra.forEach(b::set);
    }
    InternalClient c = client;
    if (c != null) {
      c.publish(reply, null, b.build(), new byte[0]);
    }
  }

  private void status(String reply, int code, String description) {
    status(reply, code, description, null);
  }
}
