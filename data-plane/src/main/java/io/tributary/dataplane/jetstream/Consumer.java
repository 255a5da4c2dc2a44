package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.tributary.dataplane.account.DeliveryBatch;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.protocol.Headers;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoredMessage;
import io.tributary.dataplane.store.StreamState;
import io.tributary.dataplane.store.StreamStore;
import io.tributary.dataplane.subject.SubjectFilter;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One consumer of a stream: where it is in the stream, what it delivered and awaits acks for, the
 * pull requests waiting on it (pull) or its deliver subject (push), and its state on disk.
 *
 * <p>Everything it does runs under its lock, on its own serial executor: delivery passes (started
 * when the stream has new durable messages, a pull request arrives or an ack frees room), acks,
 * flow-control replies and its timer (ack deadlines, request expiry, heartbeats, inactivity). A
 * message is delivered only once it is durable in the stream ({@link Stream#durableSeq}), so a
 * consumer never sees a message a crash could take back. Deliveries carry the message's own subject
 * and the v1 ack subject {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer
 * seq>.<timestamp>.<pending>}.
 */
final class Consumer {
  static final String ACK_PREFIX = "$JS.ACK.";
  static final String FC_PREFIX = "$JS.FC.";
  static final String NEXT_PREFIX = "$JS.API.CONSUMER.MSG.NEXT.";
  static final String ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.";
  private static final long FC_LIMIT = 32L << 20; // bytes in flight to a push consumer, at most
  private static final int PASS = 1024; // deliveries per pass before yielding the executor
  // Bytes per pass: flushes wait for the end of a pass, and a receiver's pending bytes are bounded.
  private static final long PASS_BYTES = 4L << 20;
  private static final long IDLE_CHECK = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long PERIODIC = TimeUnit.SECONDS.toNanos(1);

  private final Stream stream;
  private final String name;
  private final long created;
  private final SerialExecutor executor;
  private final Path dir; // null: state in memory only
  private final ConsumerLog log;
  private final String ackSubjectPrefix;
  private final byte[] ackPrefixBytes;
  private InternedSubject deliverTo; // the last subject delivered to, as bytes too; under lock
  private volatile ConsumerConfig config;
  private volatile SubjectFilter filter; // read without the lock by the stream (wants)
  private InternalClient client;

  // Guarded by this.
  private long sseq; // the next stream sequence to look at for new messages
  private long dseq; // the last consumer sequence delivered
  private long deliveredStream; // the last stream sequence delivered
  private long lastDelivered; // wall nanos of the last delivery
  private long lastAckActivity; // wall nanos of the last ack
  private final AckTracker acks = new AckTracker();
  private final ArrayDeque<PullRequest> waiting = new ArrayDeque<>();
  private long[] lastPerSubject; // deliver last_per_subject: the start messages still to send
  private int lpsAt;
  private StreamStore.PendingCount np; // messages not yet delivered from sseq (incremental)
  // push
  private long pbytes; // bytes delivered and not yet covered by a flow-control reply
  private long maxpb = FC_LIMIT / 16;
  private String fcReply;
  private long fcBytes;
  private long lastSentMono; // for idle heartbeats
  // activity
  private long idleSince; // mono; 0 while active
  private long lastRequest; // mono, last pull request
  private long pauseUntil; // wall nanos; 0: not paused
  private long rateBytes; // rate limit: bytes sent in the current second
  private long rateWindow;
  private long replayBase = -1; // replay original: first message's timestamp
  private long replayStart;
  private boolean closed;
  // Messages this consumer is done with, for an interest or work-queue stream to remove.
  private List<Long> done = new ArrayList<>();
  private final boolean retains;
  private ScheduledFuture<?> wake;
  private long wakeAt = Long.MAX_VALUE;
  private final AtomicBoolean passQueued = new AtomicBoolean();
  private final AtomicBoolean removing = new AtomicBoolean(); // an inactivity removal is under way
  private final ReentrantLock lock = new ReentrantLock();
  private final Queue<InternalClient.Message> ackInbox = new ConcurrentLinkedQueue<>();
  private InternalClient ackClient; // acks are handled on the acking client's thread

  private Consumer(
      Stream stream, String name, ConsumerConfig config, long created, Path dir, ConsumerLog log) {
    this.stream = stream;
    this.name = name;
    this.config = config;
    this.created = created;
    this.dir = dir;
    this.log = log;
    this.executor = new SerialExecutor(stream.owner().node().pool());
    this.filter = config.subjectFilter(stream.config().subjects);
    this.ackSubjectPrefix = ACK_PREFIX + stream.name() + "." + name + ".";
    this.ackPrefixBytes = ackSubjectPrefix.getBytes(StandardCharsets.UTF_8);
    this.retains = !"limits".equals(stream.config().retention);
    this.lastRequest = System.nanoTime();
    this.lastSentMono = lastRequest;
    if (config.pauseUntil != null && !config.pauseUntil.isEmpty()) {
      try {
        pauseUntil = Json.parseTime(config.pauseUntil);
      } catch (JsApiException e) {
        pauseUntil = 0;
      }
    }
  }

  private void lock() {
    lock.lock();
  }

  // Lets go of the lock, first handling the acks that arrived while it was held (and any that
  // arrive while letting go, if the lock can be had again at once).
  private void unlock() {
    if (lock.getHoldCount() > 1) {
      lock.unlock();
      return;
    }
    while (true) {
      try {
        InternalClient.Message m;
        while ((m = ackInbox.poll()) != null) {
          handleAck(m);
        }
      } finally {
        lock.unlock();
      }
      if (ackInbox.isEmpty() || !lock.tryLock()) {
        return;
      }
    }
  }

  // ---- lifecycle ----

  /** A new consumer: its start position and, for a file consumer, its files. */
  static Consumer create(Stream stream, String name, ConsumerConfig config, Path dir)
      throws JsApiException {
    long created = Clock.now();
    ConsumerLog.State initial = new ConsumerLog.State();
    long[] lastPerSubject =
        start(stream, config, config.subjectFilter(stream.config().subjects), initial);
    ConsumerLog log = null;
    if (dir != null) {
      try {
        writeMeta(stream, dir, config, created);
        FileIo io = stream.owner().node().fileIo();
        if (lastPerSubject != null) {
          writeStart(io, dir, lastPerSubject);
        }
        log =
            ConsumerLog.create(
                dir, io, stream.owner().node().consumerLogWriter(), stream.sync(), initial);
      } catch (IOException e) {
        stream.owner().node().deleteTree(dir);
        throw JsError.JSConsumerStoreFailedErrF.exception(e.getMessage());
      }
    }
    Consumer c = new Consumer(stream, name, config, created, dir, log);
    c.lock();
    try {
      c.restore(initial);
      c.lastPerSubject = lastPerSubject;
    } finally {
      c.unlock();
    }
    c.subscribe();
    c.schedulePass();
    return c;
  }

  /** Opens a consumer found on disk (after a restart), with its delivery and ack state. */
  static Consumer open(Stream stream, Path dir) throws IOException, StoreException, JsApiException {
    byte[] json = MetaFile.read(dir, stream.owner().keys(), context(stream, dir));
    if (json == null) {
      return null;
    }
    ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(json);
    ConsumerConfig config = Json.MAPPER.treeToValue(meta.get("config"), ConsumerConfig.class);
    long created = meta.get("created").asLong();
    ConsumerLog.State state = new ConsumerLog.State();
    ConsumerLog log =
        ConsumerLog.open(
            dir,
            stream.owner().node().fileIo(),
            stream.owner().node().consumerLogWriter(),
            stream.sync(),
            config.acks(),
            state);
    // A store synced less often than its consumers' state can come back shorter after a power loss:
    // nothing the stream no longer holds counts as delivered (new messages will reuse those
    // sequences).
    long last = stream.store().lastSeq();
    if (state.deliveredStream > last) {
      state.deliveredStream = last;
      state.pending.tailMap(last, false).clear();
      state.floorStream = Math.min(state.floorStream, last);
    }
    Consumer c = new Consumer(stream, dir.getFileName().toString(), config, created, dir, log);
    c.lock();
    try {
      c.restore(state);
      c.lastPerSubject = readStart(dir, state.deliveredStream);
    } finally {
      c.unlock();
    }
    c.subscribe();
    c.schedulePass();
    return c;
  }

  private static void writeMeta(Stream stream, Path dir, ConsumerConfig config, long created)
      throws IOException {
    FileIo io = stream.owner().node().fileIo();
    io.createDirectories(dir);
    ObjectNode n = Json.object();
    n.set("config", config.toJson());
    n.put("created", created);
    MetaFile.write(
        io,
        dir,
        n.toString().getBytes(StandardCharsets.UTF_8),
        stream.owner().keys(),
        context(stream, dir));
  }

  // A last_per_subject consumer's start messages (ascending sequences), kept so that a restart
  // before it has sent them all resumes with the rest of them, not with every message after.
  private static void writeStart(FileIo io, Path dir, long[] seqs) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(seqs.length * 8);
    for (long seq : seqs) {
      b.putLong(seq);
    }
    io.replace(dir, "start", b.array());
  }

  // The start messages not yet delivered (those above `delivered`: they go out in order), or null.
  private static long[] readStart(Path dir, long delivered) throws IOException {
    Path file = dir.resolve("start");
    if (!Files.exists(file)) {
      return null;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
    long[] rest = new long[b.remaining() / 8];
    int n = 0;
    while (b.remaining() >= 8) {
      long seq = b.getLong();
      if (seq > delivered) {
        rest[n++] = seq;
      }
    }
    return n == 0 ? null : java.util.Arrays.copyOf(rest, n);
  }

  private static String context(Stream stream, Path dir) {
    return "consumer-meta:" + stream.owner().name() + "/" + stream.name() + "/" + dir.getFileName();
  }

  // The start position of a new consumer (nats-server's selectStartingSeqNo) into `s`; for
  // last_per_subject, the last message of each matching subject, which are delivered first.
  private static long[] start(
      Stream stream, ConsumerConfig config, SubjectFilter filter, ConsumerLog.State s)
      throws JsApiException {
    StreamStore store = stream.store();
    StreamState st = store.state();
    long first = st.msgs() == 0 ? st.lastSeq() + 1 : st.firstSeq();
    long start;
    long[] lastPerSubject = null;
    try {
      switch (config.deliverPolicy) {
        case "last" -> {
          long[] last = filter.isAll() ? new long[] {st.lastSeq()} : store.lastSeqs(filter);
          start =
              last.length == 0 || last[last.length - 1] == 0
                  ? st.lastSeq() + 1
                  : last[last.length - 1];
        }
        case "new" -> start = st.lastSeq() + 1;
        case "by_start_sequence" -> start = Math.max(1, config.optStartSeq);
        case "by_start_time" -> {
          long at = store.seqAtOrAfterTime(Json.parseTime(config.optStartTime));
          start = at == 0 ? st.lastSeq() + 1 : at;
        }
        case "last_per_subject" -> {
          lastPerSubject = store.lastSeqs(filter);
          start = lastPerSubject.length == 0 ? st.lastSeq() + 1 : lastPerSubject[0];
          if (lastPerSubject.length == 0) {
            lastPerSubject = null;
          }
        }
        default -> {
          StoredMessage m = filter.isAll() ? null : store.next(first, filter);
          start = m == null ? (filter.isAll() ? first : st.lastSeq() + 1) : m.seq();
        }
      }
    } catch (StoreException e) {
      throw JsError.JSConsumerCreateErrF.exception(e.getMessage());
    }
    s.deliveredStream = start - 1; // the ack floor stays 0 until something is acknowledged
    return lastPerSubject;
  }

  private void restore(ConsumerLog.State s) {
    dseq = s.deliveredConsumer;
    deliveredStream = s.deliveredStream;
    sseq = s.deliveredStream + 1;
    acks.floor(s.floorConsumer, s.floorStream);
    long now = System.nanoTime();
    // Pending messages wait their ack wait again from now: after a restart, nothing acknowledged
    // comes back and nothing unacknowledged is lost.
    s.pending.forEach((seq, v) -> acks.restore(seq, v[0], v[1], now + config.ackWaitFor(v[1])));
    if (log != null) {
      log.snapshotter(this::rotateLog);
    }
  }

  private void rotateLog() {
    lock();
    try {
      ConsumerLog.State s = new ConsumerLog.State();
      s.deliveredConsumer = dseq;
      s.deliveredStream = deliveredStream;
      s.floorConsumer = acks.floorConsumer();
      s.floorStream = acks.floorStream();
      for (AckTracker.Pending p : acks.all()) {
        s.pending.put(p.streamSeq, new long[] {p.consumerSeq, p.deliveries});
      }
      log.rotate(s);
    } finally {
      unlock();
    }
  }

  private void subscribe() {
    InternalClient next =
        InternalClient.nodeLocal(stream.owner().account(), "js-consumer", executor);
    if (ackClient == null) {
      ackClient =
          InternalClient.nodeLocal(stream.owner().account(), "js-consumer-acks", Runnable::run);
      ackClient.subscribe(ackSubjectPrefix + ">", this::onAck);
    }
    ConsumerConfig c = config;
    // A push consumer takes pull requests too, to answer them "Consumer is push based".
    next.subscribe(NEXT_PREFIX + stream.name() + "." + name, this::onPull);
    if (c.isPush() && c.flowControl) {
      next.subscribe(FC_PREFIX + stream.name() + "." + name + ".>", this::onFlowControl);
    }
    InternalClient old;
    lock();
    try {
      old = client;
      client = next;
    } finally {
      unlock();
    }
    if (old != null) {
      old.close();
    }
  }

  /** Why this consumer's state is not on disk (a write or sync failed), or null. */
  String storageFailure() {
    return log == null ? null : log.failure();
  }

  /** Tries again to write state whose write failed; the node's housekeeping calls this. */
  void retryStorage() {
    if (log != null) {
      log.retry();
    }
  }

  String name() {
    return name;
  }

  ConsumerConfig config() {
    return config;
  }

  /** Applies an allowed update (checked by the caller). */
  void update(ConsumerConfig next) throws JsApiException {
    if (dir != null) {
      try {
        writeMeta(stream, dir, next, created);
      } catch (IOException e) {
        throw JsError.JSConsumerStoreFailedErrF.exception(e.getMessage());
      }
    }
    boolean resubscribe;
    lock();
    try {
      resubscribe = !java.util.Objects.equals(config.deliverSubject, next.deliverSubject);
      config = next;
      filter = next.subjectFilter(stream.config().subjects);
      np = null;
    } finally {
      unlock();
    }
    if (resubscribe) {
      subscribe();
    }
    schedulePass();
  }

  /** Pauses deliveries until {@code until} (wall nanos; 0 resumes). */
  void pause(long until) throws JsApiException {
    ConsumerConfig next = config.copy();
    next.pauseUntil = until > 0 ? Json.time(until) : null;
    if (dir != null) {
      try {
        writeMeta(stream, dir, next, created);
      } catch (IOException e) {
        throw JsError.JSConsumerStoreFailedErrF.exception(e.getMessage());
      }
    }
    lock();
    try {
      config = next;
      pauseUntil = until;
    } finally {
      unlock();
    }
    schedulePass();
  }

  long pauseUntil() {
    lock();
    try {
      return pauseUntil;
    } finally {
      unlock();
    }
  }

  /** Stops delivering and closes its state (files stay, for a restart). */
  void close() {
    InternalClient c;
    lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      c = client;
      if (wake != null) {
        wake.cancel(false);
      }
      for (PullRequest r : waiting) {
        status(r.reply, 409, "Server Shutdown", null);
      }
      waiting.clear();
    } finally {
      unlock();
    }
    if (c != null) {
      c.close();
    }
    if (ackClient != null) {
      ackClient.close();
    }
    if (log != null) {
      log.close();
    }
  }

  /** Deleted: pending pull requests hear so, and its files are removed. */
  void destroy() {
    lock();
    try {
      for (PullRequest r : waiting) {
        status(r.reply, 409, "Consumer Deleted", null);
      }
      waiting.clear();
    } finally {
      unlock();
    }
    close();
    if (dir != null) {
      stream.owner().node().deleteTree(dir);
    }
  }

  // ---- delivery ----

  /** New durable messages in the stream, or a change that may let deliveries go on. */
  void signal() {
    schedulePass();
  }

  private void schedulePass() {
    if (passQueued.compareAndSet(false, true)) {
      executor.execute(this::pass);
    }
  }

  private void pass() {
    passQueued.set(false);
    boolean more;
    lock();
    try {
      if (closed) {
        return;
      }
      more = deliverSome(System.nanoTime());
      armTimer();
    } finally {
      unlock();
    }
    releaseDone();
    if (more) {
      schedulePass();
    }
  }

  // Hands what this consumer is done with to its stream (outside the lock: the stream asks every
  // consumer).
  private void releaseDone() {
    if (!retains) {
      return;
    }
    List<Long> d;
    lock();
    try {
      if (done.isEmpty()) {
        return;
      }
      d = done;
      done = new ArrayList<>();
    } finally {
      unlock();
    }
    stream.consumed(this, d);
  }

  /**
   * True if this consumer no longer needs the message: its filter does not take it, or it was
   * delivered and acknowledged (delivered, for ack none).
   */
  boolean doneWith(long seq, String subject) {
    lock();
    try {
      if (!filter.matches(subject)) {
        return true;
      }
      if (lastPerSubject != null || seq >= sseq) {
        return false;
      }
      return acks.get(seq) == null;
    } finally {
      unlock();
    }
  }

  /** True if this consumer's filter takes {@code subject}. */
  boolean wants(String subject) {
    return filter.matches(subject); // no lock: the stream asks from any thread
  }

  // Delivers what it can; true if it stopped only because the pass was long enough.
  private boolean deliverSome(long now) {
    boolean[] more = new boolean[1];
    // One wake-up of each receiver's event loop per pass, not per few messages.
    DeliveryBatch.run(() -> more[0] = deliverRun(now));
    return more[0];
  }

  private boolean deliverRun(long now) {
    long passBytes = 0;
    ConsumerConfig c = config;
    if (pauseUntil > 0 && Clock.now() < pauseUntil) {
      return false;
    }
    for (int n = 0; n < PASS; n++) {
      String to;
      PullRequest request = null;
      if (c.isPush()) {
        if (!client.hasInterest(c.deliverSubject)) {
          return false;
        }
        if (c.flowControl && pbytes > maxpb) {
          return false;
        }
        to = c.deliverSubject;
      } else {
        request = nextRequest(now);
        if (request == null) {
          return false;
        }
        to = request.reply;
      }
      Next m = next(c, now);
      if (m == null) {
        if (request != null) {
          finishNoWait(now);
        }
        return false;
      }
      if (m.holdFor() > 0) {
        wakeAt(now + m.holdFor());
        return false;
      }
      passBytes += deliver(c, to, request, m, now);
      if (passBytes >= PASS_BYTES) {
        return true; // let the receivers' event loops write it out before more is queued
      }
    }
    return true;
  }

  private record Next(StoredMessage msg, AckTracker.Pending redelivery, long holdFor) {}

  // The next message to deliver: a redelivery first, then the start messages of last_per_subject,
  // then new ones, up to the stream's durable sequence. Null when there is none (or it must wait).
  private Next next(ConsumerConfig c, long now) {
    StreamStore store = stream.store();
    try {
      long seq;
      while ((seq = acks.nextRedelivery()) != 0) {
        AckTracker.Pending p = acks.get(seq);
        StoredMessage m = store.get(seq);
        if (m == null) {
          acks.drop(seq, deliveredStream, dseq); // left the stream meanwhile
          logRecord(ConsumerLog.ACK, seq, 0);
          continue;
        }
        if (c.maxDeliver > 0 && p.deliveries >= c.maxDeliver) {
          acks.drop(seq, deliveredStream, dseq);
          logRecord(ConsumerLog.ACK, seq, 0);
          maxDeliveries(seq, p.deliveries);
          continue;
        }
        return new Next(m, p, 0);
      }
      if (c.acks() && c.maxAckPending > 0 && acks.size() >= c.maxAckPending) {
        return null;
      }
      long durable = stream.durableSeq();
      if (lastPerSubject != null) {
        while (lpsAt < lastPerSubject.length) {
          long s = lastPerSubject[lpsAt];
          if (s > durable) {
            return null;
          }
          StoredMessage m = store.get(s);
          if (m != null && filter.matches(m.subject())) {
            return paced(c, m, now);
          }
          lpsAt++;
        }
        sseq = Math.max(sseq, lastPerSubject[lastPerSubject.length - 1] + 1);
        lastPerSubject = null;
        np = null;
      }
      if (sseq > durable) {
        return null;
      }
      StoredMessage m = store.next(sseq, filter);
      if (m == null || m.seq() > durable) {
        return null;
      }
      return paced(c, m, now);
    } catch (StoreException e) {
      return null; // the store's failure is reported by the stream; retried on the next signal
    }
  }

  // Replay original and the rate limit hold a message back; `wait` says for how long.
  private Next paced(ConsumerConfig c, StoredMessage m, long now) {
    if ("original".equals(c.replayPolicy)) {
      if (replayBase < 0) {
        replayBase = m.timestamp();
        replayStart = now;
      }
      long due = replayStart + (m.timestamp() - replayBase);
      if (due > now) {
        return new Next(m, null, due - now);
      }
    }
    if (c.rateLimit > 0) {
      long second = TimeUnit.SECONDS.toNanos(1);
      if (now - rateWindow >= second) {
        rateWindow = now;
        rateBytes = 0;
      }
      if (rateBytes * 8 >= c.rateLimit) {
        return new Next(m, null, rateWindow + second - now);
      }
    }
    return new Next(m, null, 0);
  }

  // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>, written
  // as bytes at once (a string built and encoded per delivery cost a few percent of delivering).
  private byte[] ackSubject(long delivered, long seq, long dseq, long time, long pending) {
    long[] parts = {delivered, seq, dseq, time, pending};
    int length = ackPrefixBytes.length + parts.length - 1;
    for (long v : parts) {
      length += Decimal.digits(v);
    }
    byte[] b = new byte[length];
    System.arraycopy(ackPrefixBytes, 0, b, 0, ackPrefixBytes.length);
    int at = ackPrefixBytes.length;
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        b[at++] = '.';
      }
      at = Decimal.write(b, at, parts[i]);
    }
    return b;
  }

  // Returns the bytes queued for the receiver.
  private long deliver(ConsumerConfig c, String to, PullRequest request, Next next, long now) {
    StoredMessage m = next.msg();
    long seq = m.seq();
    boolean redelivery = next.redelivery() != null;
    if (!redelivery) {
      if (lastPerSubject != null) {
        lpsAt++;
      } else {
        sseq = seq + 1;
        if (np != null && seq <= np.lastSeq()) {
          np = new StreamStore.PendingCount(np.count() - 1, np.lastSeq(), np.removals());
        }
      }
    }
    long dc = redelivery ? next.redelivery().deliveries + 1 : 1;
    dseq++;
    long pending = numPending();
    byte[] ack = ackSubject(dc, seq, dseq, m.timestamp(), pending);
    byte[] headers = m.headers();
    byte[] payload = m.payload();
    if (c.headersOnly) {
      headers = withHeader(headers, "Nats-Msg-Size", Integer.toString(payload.length));
      payload = new byte[0];
    }
    long size =
        m.subject().length() + ack.length + (headers == null ? 0 : headers.length) + payload.length;
    if (request != null && request.maxBytes > 0) {
      if (size > request.maxBytes) {
        // Undo: the message stays for the next request.
        dseq--;
        if (!redelivery) {
          if (lastPerSubject != null) {
            lpsAt--;
          } else {
            sseq = seq;
            np = null;
          }
        }
        waiting.remove(request);
        status(
            request.reply,
            409,
            "Message Size Exceeds MaxBytes",
            pendingHeaders(request.batch, request.maxBytes));
        return 0;
      }
      request.maxBytes -= size;
    }
    if (deliverTo == null || !deliverTo.text().equals(to)) {
      deliverTo = new InternedSubject(to, to.getBytes(StandardCharsets.UTF_8));
    }
    client.publishAs(deliverTo, m.subject(), ack, headers, payload, true);
    if (c.acks()) {
      acks.delivered(seq, dseq, now, c.ackWaitFor(dc));
    } else {
      acks.floor(dseq, seq);
      if (retains) {
        done.add(seq);
      }
    }
    logRecord(ConsumerLog.DELIVERED, seq, dseq);
    deliveredStream = Math.max(deliveredStream, seq);
    lastDelivered = System.currentTimeMillis() * 1_000_000L;
    lastSentMono = now;
    rateBytes += size;
    if (request != null) {
      request.batch--;
      request.delivered++;
      if (request.batch <= 0 || (request.hadMaxBytes && request.maxBytes <= 0)) {
        waiting.remove(request);
        if (request.hadMaxBytes && request.maxBytes > 0) {
          status(
              request.reply,
              409,
              "Batch Completed",
              pendingHeaders(request.batch, request.maxBytes));
        }
      } else if (waiting.size() > 1) {
        // Round robin among waiting requests.
        waiting.remove(request);
        waiting.addLast(request);
      }
    } else if (c.flowControl) {
      pbytes += size;
      if (fcReply == null && pbytes > maxpb / 2) {
        fcReply =
            FC_PREFIX
                + stream.name()
                + "."
                + name
                + "."
                + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        fcBytes = pbytes;
        client.publish(
            c.deliverSubject,
            fcReply,
            Headers.builder().status(100, "FlowControl Request").build(),
            new byte[0]);
      }
    }
    return size;
  }

  // The head pull request that can take a message (expired ones answered and dropped).
  private PullRequest nextRequest(long now) {
    Iterator<PullRequest> it = waiting.iterator();
    while (it.hasNext()) {
      PullRequest r = it.next();
      if (r.expires > 0 && now >= r.expires) {
        it.remove();
        status(r.reply, 408, "Request Timeout", pendingHeaders(r.batch, r.maxBytes));
        continue;
      }
      if (!client.hasInterest(r.reply)) {
        // The requester gave up (a client-side timeout closed its inbox): a message sent there
        // would be lost to the next request.
        it.remove();
        continue;
      }
      return r;
    }
    return null;
  }

  // Nothing more to deliver: no-wait requests end (404 if nothing was delivered to a request
  // without expiry, or once some were delivered).
  private void finishNoWait(long now) {
    Iterator<PullRequest> it = waiting.iterator();
    while (it.hasNext()) {
      PullRequest r = it.next();
      if (r.noWait && (r.expires == 0 || r.delivered > 0)) {
        it.remove();
        status(r.reply, 404, "No Messages", null);
      }
    }
  }

  /** Messages the filter takes that were not yet delivered, counted incrementally. */
  private long numPending() {
    long lps = lastPerSubject == null ? 0 : lastPerSubject.length - lpsAt;
    long from = lastPerSubject == null ? sseq : lastPerSubject[lastPerSubject.length - 1] + 1;
    StreamStore store = stream.store();
    if (np == null) {
      np = store.pending(from, filter);
    } else if (store.removals() != np.removals() || store.lastSeq() > np.lastSeq()) {
      // Something arrived or left since the count (seen without the store's lock): what arrived,
      // with the removal counter read under the same lock as the count.
      StreamStore.PendingCount more = store.pending(np.lastSeq() + 1, filter);
      if (more.removals() != np.removals()) {
        np = store.pending(from, filter);
      } else if (more.lastSeq() > np.lastSeq()) {
        np = new StreamStore.PendingCount(np.count() + more.count(), more.lastSeq(), np.removals());
      }
    }
    return lps + Math.max(0, np.count());
  }

  private static Map<String, String> pendingHeaders(long msgs, long bytes) {
    return Map.of(
        "Nats-Pending-Messages", Long.toString(msgs), "Nats-Pending-Bytes", Long.toString(bytes));
  }

  // A raw header block with one more header (a new block when there was none).
  static byte[] withHeader(byte[] headers, String name, String value) {
    String line = name + ": " + value + "\r\n";
    if (headers == null || headers.length < 4) {
      return ("NATS/1.0\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
    byte[] add = line.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[headers.length + add.length];
    int end = headers.length - 2; // before the final CRLF
    System.arraycopy(headers, 0, out, 0, end);
    System.arraycopy(add, 0, out, end, add.length);
    System.arraycopy(headers, end, out, end + add.length, 2);
    return out;
  }

  private void status(String to, int code, String description, Map<String, String> extra) {
    Headers.Builder b = Headers.builder().status(code, description);
    if (extra != null) {
      extra.forEach(b::set);
    }
    InternalClient c = client;
    if (c != null) {
      c.publish(to, null, b.build(), new byte[0]);
    }
  }

  private void heartbeat(String to) {
    Headers.Builder b =
        Headers.builder()
            .status(100, "Idle Heartbeat")
            .set("Nats-Last-Consumer", Long.toString(dseq))
            .set("Nats-Last-Stream", Long.toString(Math.max(0, sseq - 1)));
    if (fcReply != null) {
      b.set("Nats-Consumer-Stalled", fcReply);
    }
    client.publish(to, null, b.build(), new byte[0]);
  }

  private void logRecord(byte type, long a, long b) {
    if (log != null) {
      log.append(type, a, b);
    }
  }

  // ---- requests from clients ----

  private void onPull(InternalClient.Message m) {
    String reply = m.reply();
    if (reply == null) {
      return;
    }
    lock();
    try {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      lastRequest = now;
      idleSince = 0;
      ConsumerConfig c = config;
      if (c.isPush()) {
        status(reply, 409, "Consumer is push based", null);
        return;
      }
      PullRequest r;
      try {
        r = PullRequest.parse(reply, m.payload(), now);
      } catch (PullRequest.Invalid e) {
        status(reply, 400, "Bad Request - " + e.getMessage(), null);
        return;
      }
      if (c.maxBatch > 0 && r.batch > c.maxBatch) {
        status(reply, 409, "Exceeded MaxRequestBatch of " + c.maxBatch, null);
        return;
      }
      if (r.expires > 0 && c.maxExpires > 0 && r.expiresIn(now) > c.maxExpires) {
        status(
            reply, 409, "Exceeded MaxRequestExpires of " + GoDuration.format(c.maxExpires), null);
        return;
      }
      if (r.maxBytes > 0 && c.maxBytes > 0 && r.maxBytes > c.maxBytes) {
        status(reply, 409, "Exceeded MaxRequestMaxBytes of " + c.maxBytes, null);
        return;
      }
      if (r.noWait) {
        long available = numPending() + acks.redeliveryQueued();
        if (available == 0 && r.expires == 0) {
          status(reply, 404, "No Messages", null);
          return;
        }
        long wanted = 0;
        for (PullRequest w : waiting) {
          wanted += w.batch;
        }
        if (available > 0 && available < wanted) {
          status(reply, 408, "Requests Pending", null);
          return;
        }
      }
      if (waiting.size() >= c.maxWaiting) {
        dropUninterested();
      }
      if (waiting.size() >= c.maxWaiting) {
        if (r.heartbeat == 0) {
          status(reply, 409, "Exceeded MaxWaiting", null);
        }
        return;
      }
      waiting.addLast(r);
      if (deliverSome(now)) {
        schedulePass();
      }
      armTimer();
    } finally {
      unlock();
    }
  }

  private void dropUninterested() {
    waiting.removeIf(r -> !client.hasInterest(r.reply));
  }

  // On the acking client's event loop: queued, and handled at once if the consumer is not busy
  // (else by whoever holds the lock, before it lets go): no thread hand-off per ack.
  private void onAck(InternalClient.Message m) {
    ackInbox.add(m);
    if (lock.tryLock()) {
      unlock();
    }
  }

  // Under the lock.
  private void handleAck(InternalClient.Message m) {
    // <prefix><delivered>.<stream seq>.<consumer seq>.<timestamp>.<pending>, read in place: one
    // ack per delivered message makes this a hot path.
    String subject = m.subject();
    int a = ackSubjectPrefix.length();
    int b = subject.indexOf('.', a);
    int e = b < 0 ? -1 : subject.indexOf('.', b + 1);
    if (closed || !subject.startsWith(ackSubjectPrefix) || e < 0) {
      return;
    }
    long seq;
    long dc;
    try {
      dc = Long.parseLong(subject, a, b, 10);
      seq = Long.parseLong(subject, b + 1, e, 10);
    } catch (NumberFormatException x) {
      return;
    }
    byte[] pl = m.payload();
    String body =
        pl.length == 0
            ? ""
            : pl.length == 4 && pl[0] == '+' && pl[1] == 'A' && pl[2] == 'C' && pl[3] == 'K'
                ? "+ACK" // the common case, without decoding
                : m.payloadText().strip();
    String kind = body.length() >= 4 ? body.substring(0, 4) : body;
    String rest = body.length() > 4 ? body.substring(4).strip() : "";
    boolean plain = false;
    long now = System.nanoTime();
    lastAckActivity = System.currentTimeMillis() * 1_000_000L; // ms are enough for info
    lastRequest = now; // acks are activity
    idleSince = 0;
    ConsumerConfig c = config;
    switch (kind) {
      case "", "+ACK", "+OK" -> {
        boolean full = c.maxAckPending > 0 && acks.size() >= c.maxAckPending;
        ack(c, seq);
        // No earlier deadline, and nothing to deliver unless the ack made room.
        plain = !full;
      }
      case "-NAK" -> {
        long delay = nakDelay(rest);
        AckTracker.Pending p = acks.get(seq);
        if (p != null && c.maxDeliver > 0 && p.deliveries >= c.maxDeliver) {
          acks.drop(seq, deliveredStream, dseq);
          logRecord(ConsumerLog.ACK, seq, 0);
          maxDeliveries(seq, p.deliveries);
        } else if (acks.nak(seq, now, delay)) {
          advisory(
              "MSG_NAKED",
              "io.nats.jetstream.advisory.v1.nak",
              Map.of("stream_seq", seq, "deliveries", dc));
        }
      }
      case "+WPI" -> acks.progress(seq, now, c.ackWaitFor(dc));
      case "+TER" -> {
        if (acks.drop(seq, deliveredStream, dseq) != null) {
          logRecord(ConsumerLog.ACK, seq, 0);
          if (retains) {
            done.add(seq);
          }
          String reason = body.length() > 5 ? body.substring(5).strip() : "";
          advisory(
              "MSG_TERMINATED",
              "io.nats.jetstream.advisory.v1.terminated",
              Map.of("stream_seq", seq, "deliveries", dc, "reason", reason));
        }
      }
      case "+NXT" -> {
        ack(c, seq);
        if (m.reply() != null && !c.isPush()) {
          // Its reply subject takes messages, not an ack reply.
          // On the consumer's executor: a drain of the ack queue may run on any thread.
          InternalClient.Message pull =
              new InternalClient.Message(
                  m.subscription(),
                  NEXT_PREFIX,
                  m.reply(),
                  null,
                  rest.getBytes(StandardCharsets.UTF_8));
          executor.execute(() -> onPull(pull));
        }
        schedulePass();
        return;
      }
      default -> {
        return;
      }
    }
    if (!plain) {
      armTimer();
      schedulePass();
    }
    releaseDone();
    String reply = m.reply();
    if (reply != null) {
      // A double ack: answered once the ack is durable.
      InternalClient cl = client;
      CompletableFuture<Void> durable = log != null ? log.durable() : null;
      if (durable == null) {
        cl.publish(reply, new byte[0]);
      } else {
        durable.whenComplete(
            (v, err) -> {
              if (err == null) {
                cl.publish(reply, new byte[0]);
              }
            });
      }
    }
  }

  private void ack(ConsumerConfig c, long seq) {
    switch (c.ackPolicy) {
      case "explicit" -> {
        if (acks.ack(seq, deliveredStream, dseq)) {
          logRecord(ConsumerLog.ACK, seq, 0);
          if (retains) {
            done.add(seq);
          }
        }
      }
      case "all" -> {
        List<Long> acked = acks.ackUpTo(seq, deliveredStream, dseq);
        if (!acked.isEmpty()) {
          logRecord(ConsumerLog.ACK_UP_TO, seq, 0);
          if (retains) {
            done.addAll(acked);
          }
        }
      }
      default -> {}
    }
  }

  // `-NAK {"delay": ns}` or `-NAK <go duration>`.
  private static long nakDelay(String rest) {
    if (rest.isEmpty()) {
      return 0;
    }
    try {
      if (rest.startsWith("{")) {
        return Math.max(0, Json.MAPPER.readTree(rest).path("delay").asLong(0));
      }
      return GoDuration.parse(rest);
    } catch (IOException | JsApiException e) {
      return 0;
    }
  }

  private void onFlowControl(InternalClient.Message m) {
    lock();
    try {
      if (fcReply != null && fcReply.equals(m.subject())) {
        pbytes = Math.max(0, pbytes - fcBytes);
        fcReply = null;
        fcBytes = 0;
        if (maxpb < FC_LIMIT) {
          maxpb = Math.min(FC_LIMIT, maxpb * 2);
        }
      }
    } finally {
      unlock();
    }
    schedulePass();
  }

  // ---- advisories ----

  private void maxDeliveries(long seq, long deliveries) {
    advisory(
        "MAX_DELIVERIES",
        "io.nats.jetstream.advisory.v1.max_deliver",
        Map.of("stream_seq", seq, "deliveries", deliveries));
  }

  private void advisory(String kind, String type, Map<String, Object> fields) {
    ObjectNode a = Json.object();
    a.put("type", type);
    a.put("id", UUID.randomUUID().toString().replace("-", ""));
    a.put("timestamp", Json.time(Clock.now()));
    a.put("stream", stream.name());
    a.put("consumer", name);
    fields.forEach((k, v) -> a.putPOJO(k, v));
    InternalClient c = client;
    if (c != null) {
      c.publish(
          ADVISORY + kind + "." + stream.name() + "." + name,
          a.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---- timer ----

  private void wakeAt(long at) {
    if (at < wakeAt) {
      if (wake != null) {
        wake.cancel(false);
      }
      wakeAt = at;
      long delay = Math.max(0, at - System.nanoTime());
      wake =
          stream
              .owner()
              .node()
              .timer()
              .schedule(() -> executor.execute(this::tick), delay, TimeUnit.NANOSECONDS);
    }
  }

  // The next time something is due: an ack deadline, a request's expiry or heartbeat, a push
  // heartbeat, the end of a pause; at least once a second for interest and inactivity checks.
  private void armTimer() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    long at = now + PERIODIC;
    at = Math.min(at, acks.nextDeadline());
    for (PullRequest r : waiting) {
      if (r.expires > 0) {
        at = Math.min(at, r.expires);
      }
      at = Math.min(at, r.nextHeartbeat);
    }
    ConsumerConfig c = config;
    boolean bound = c.isPush() && client.hasInterest(c.deliverSubject);
    if (bound && c.idleHeartbeat > 0) {
      at = Math.min(at, lastSentMono + c.idleHeartbeat);
    }
    if (c.isPush() && !bound) {
      at = Math.min(at, now + IDLE_CHECK); // to notice a subscriber soon
    }
    if (c.inactiveThreshold > 0 && !c.isPush() && waiting.isEmpty()) {
      at = Math.min(at, lastRequest + c.inactiveThreshold);
    }
    if (pauseUntil > 0) {
      at = Math.min(at, now + Math.max(0, pauseUntil - Clock.now()));
    }
    if (wakeAt <= now) {
      wakeAt = Long.MAX_VALUE; // the last wake-up ran
    }
    wakeAt(Math.max(at, now + TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /**
   * For the stream, before removing it as inactive: true if it still is (a request may have come
   * since the removal was decided); if not, it stays and may be decided again later.
   */
  boolean stillInactive() {
    lock();
    try {
      ConsumerConfig c = config;
      long now = System.nanoTime();
      boolean interest = !c.isPush() || client.hasInterest(c.deliverSubject);
      long from = idleFrom(c, interest, now);
      boolean idle = c.inactiveThreshold > 0 && from > 0 && now - from >= c.inactiveThreshold;
      if (!idle) {
        removing.set(false);
      }
      return idle;
    } finally {
      unlock();
    }
  }

  // Since when the consumer is unused (0: in use): a push consumer without a subscriber on its
  // deliver subject; a pull consumer without waiting requests, since its last request or ack.
  private long idleFrom(ConsumerConfig c, boolean interest, long now) {
    if (c.isPush()) {
      if (interest) {
        idleSince = 0;
      } else if (idleSince == 0) {
        idleSince = now;
      }
      return idleSince;
    }
    return waiting.isEmpty() ? lastRequest : 0;
  }

  // The timer's wake-up: what is due now (the timing itself is AckTracker's, tested with a clock
  // the test moves).
  private void tick() {
    boolean expired = false;
    lock();
    try {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      wakeAt = Long.MAX_VALUE;
      expired = dueAt(now);
      if (closed) {
        return;
      }
      if (deliverSome(now)) {
        schedulePass();
      }
      armTimer();
    } finally {
      unlock();
    }
    if (expired) {
      schedulePass();
    }
  }

  // Ack deadlines, request expiry and heartbeats, push heartbeats, inactivity, end of a pause.
  private boolean dueAt(long now) {
    ConsumerConfig c = config;
    AckTracker.Expired e = acks.expire(now, c.maxDeliver, deliveredStream, dseq);
    for (AckTracker.Pending p : e.exhausted()) {
      logRecord(ConsumerLog.ACK, p.streamSeq, 0);
      maxDeliveries(p.streamSeq, p.deliveries);
    }
    Iterator<PullRequest> it = waiting.iterator();
    while (it.hasNext()) {
      PullRequest r = it.next();
      if (r.expires > 0 && now >= r.expires) {
        it.remove();
        status(r.reply, 408, "Request Timeout", pendingHeaders(r.batch, r.maxBytes));
      } else if (now >= r.nextHeartbeat) {
        if (!client.hasInterest(r.reply)) {
          it.remove();
          continue;
        }
        heartbeat(r.reply);
        r.nextHeartbeat = now + r.heartbeat;
      }
    }
    boolean interest = true;
    if (c.isPush()) {
      interest = client.hasInterest(c.deliverSubject);
      if (interest && c.idleHeartbeat > 0 && now - lastSentMono >= c.idleHeartbeat) {
        heartbeat(c.deliverSubject);
        lastSentMono = now;
      }
    }
    long idleFrom = idleFrom(c, interest, now);
    if (c.inactiveThreshold > 0 && idleFrom > 0 && now - idleFrom >= c.inactiveThreshold) {
      if (removing.compareAndSet(false, true)) {
        stream.owner().node().pool().execute(() -> stream.removeInactive(this));
      }
    }
    if (pauseUntil > 0 && Clock.now() >= pauseUntil) {
      pauseUntil = 0;
    }
    return !e.redeliver().isEmpty();
  }

  // ---- info ----

  ObjectNode info() {
    lock();
    try {
      ConsumerConfig c = config;
      ObjectNode o = Json.object();
      o.put("stream_name", stream.name());
      o.put("name", name);
      o.put("created", Json.time(created));
      o.set("config", c.toJson());
      ObjectNode d = o.putObject("delivered");
      d.put("consumer_seq", dseq);
      d.put("stream_seq", deliveredStream);
      if (lastDelivered > 0) {
        d.put("last_active", Json.time(lastDelivered));
      }
      ObjectNode f = o.putObject("ack_floor");
      f.put("consumer_seq", acks.floorConsumer());
      f.put("stream_seq", acks.floorStream());
      if (lastAckActivity > 0) {
        f.put("last_active", Json.time(lastAckActivity));
      }
      o.put("num_ack_pending", acks.size());
      o.put("num_redelivered", acks.redelivered());
      o.put("num_waiting", waiting.size());
      o.put("num_pending", numPending());
      o.putObject("cluster").put("leader", stream.owner().node().serverName());
      if (c.isPush() && client.hasInterest(c.deliverSubject)) {
        o.put("push_bound", true); // omitted when false, as nats-server does
      }
      long now = Clock.now();
      if (pauseUntil > now) {
        o.put("paused", true);
        o.put("pause_remaining", pauseUntil - now);
      }
      if (log != null && log.failure() != null) {
        o.put("storage_failure", log.failure());
      }
      o.put("ts", Json.time(now));
      return o;
    } finally {
      unlock();
    }
  }

  boolean pushBound() {
    lock();
    try {
      ConsumerConfig c = config;
      return c.isPush() && client.hasInterest(c.deliverSubject);
    } finally {
      unlock();
    }
  }
}
