package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.keyring.AccountKeys;
import io.tributary.dataplane.keyring.MasterKey;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.store.FileStore;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoreKeys;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JetStream in one account: its streams, its limits and usage, and its {@code $JS.API} service.
 * Enabled while the account's claims grant JetStream (always for {@code $G} outside operator mode);
 * while disabled its API answers "JetStream not enabled for account" and its streams stay on disk
 * unloaded. API requests run one at a time on the account's own executor, so one tenant's slow
 * request never delays another's.
 */
final class JsAccount {
  private final JetStream node;
  private final Account account;
  private final Path dir;
  private final InternalClient api;
  private final Map<String, Stream> streams = new TreeMap<>(); // guarded by this
  private final Map<String, String> offline = new TreeMap<>(); // name -> why; guarded by this
  // What the publish path reads without the lock (a publish must never wait for an API call).
  private volatile List<Stream> loaded = List.of();
  private final AtomicLong apiTotal = new AtomicLong();
  private final AtomicLong apiErrors = new AtomicLong();
  private volatile JsLimits limits;
  private volatile AccountKeys keys;
  private volatile boolean resealing;
  private volatile String keyError;

  JsAccount(JetStream node, Account account) {
    this.node = node;
    this.account = account;
    this.dir = node.root().resolve(account.name());
    this.api = InternalClient.nodeLocal(account, "js-api", new SerialExecutor(node.pool()));
    api.subscribe(JsApi.SUBSCRIPTION, JsApi::serves, m -> JsApi.handle(this, m));
  }

  String name() {
    return account.name();
  }

  Account account() {
    return account;
  }

  JetStream node() {
    return node;
  }

  InternalClient api() {
    return api;
  }

  StoreKeys keys() {
    return keys;
  }

  JsLimits limits() {
    return limits;
  }

  /** Why this account's data cannot be served (its data key does not open), or null. */
  String keyError() {
    return keyError;
  }

  void countRequest(boolean error) {
    apiTotal.incrementAndGet();
    if (error) {
      apiErrors.incrementAndGet();
    }
  }

  long apiTotal() {
    return apiTotal.get();
  }

  long apiErrors() {
    return apiErrors.get();
  }

  // ---- lifecycle ----

  /** Applies the account's current claims: enables, re-limits or disables JetStream. */
  synchronized void apply(JsLimits next) {
    JsLimits before = limits;
    limits = next;
    if (next != null && before == null) {
      load();
    } else if (next == null && before != null) {
      unload();
      NodeLog.info("jetstream disabled for account " + name() + "; its streams stay on disk");
    }
  }

  private void load() {
    if (node.keyring() != null && keys == null) {
      try {
        keys = node.keyring().forAccount(name());
        keyError = null;
      } catch (IOException | MasterKey.WrongMasterKey e) {
        keyError = "the data key of account " + name() + " does not open: " + e.getMessage();
        NodeLog.warn(
            keyError + "; its streams are not served and their files are left as they are");
        return;
      }
    }
    Path streamsDir = dir.resolve("streams");
    if (!Files.isDirectory(streamsDir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(streamsDir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        try {
          Stream s = Stream.open(this, p);
          if (s != null) {
            streams.put(s.name(), s);
            loaded = List.copyOf(streams.values());
            node.reportDamage(this, s);
          }
        } catch (IOException | StoreException | JsApiException | RuntimeException e) {
          offline.put(name, e.getMessage());
          NodeLog.warn("stream " + name() + "/" + name + " is not served: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      NodeLog.warn("cannot list the streams of " + name() + ": " + e.getMessage());
    }
    resealInBackground(); // a rotation the node did not finish before it stopped
  }

  // ---- key rotation ----

  /**
   * Rotates the account's data key: new records (and the streams' metadata) are sealed under the
   * new version at once; the records already on disk are re-sealed in the background, one segment
   * at a time, with progress in the account info. Returns the new version.
   */
  synchronized int rotateKey() throws JsApiException {
    if (keys == null) {
      throw JsError.JSStreamGeneralErrorF.exception(
          keyError != null ? keyError : "stream data of this node is not encrypted");
    }
    int version;
    try {
      version = keys.rotate();
      for (Stream s : streams.values()) {
        s.resealMeta();
      }
    } catch (IOException e) {
      throw JsError.JSStreamGeneralErrorF.exception("key rotation failed: " + e.getMessage());
    }
    NodeLog.info("account " + name() + ": data key rotated to version " + version);
    resealInBackground();
    return version;
  }

  // In the background, over every stream until no segment holds an older key; then the older
  // versions go.
  private void resealInBackground() {
    if (keys == null || resealing) {
      return;
    }
    resealing = true;
    node.pool()
        .execute(
            () -> {
              int done = 0;
              try {
                // Passes until one finds nothing to do: a rotation during a pass needs another.
                int before;
                do {
                  before = done;
                  for (Stream s : loaded) {
                    while (limits != null && s.resealOne()) {
                      done++;
                      Thread.sleep(10); // let the stream's publishes through between segments
                    }
                  }
                } while (done > before && limits != null);
                retireOlderKeys();
              } catch (StoreException | IOException e) {
                NodeLog.warn("re-sealing the streams of " + name() + " stopped: " + e.getMessage());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                resealing = false;
              }
              if (done > 0) {
                NodeLog.info("account " + name() + ": " + done + " segments re-sealed");
              }
            });
  }

  // Once no stream holds a record under an older key (and none is offline, whose records may),
  // the older versions are destroyed: a leaked old key then opens nothing of this account's.
  private synchronized void retireOlderKeys() throws IOException {
    if (!offline.isEmpty() || limits == null) {
      return;
    }
    for (Stream s : streams.values()) {
      FileStore.ResealProgress p = s.resealProgress();
      if (p != null && (p.pending() > 0 || p.activeOld())) {
        return;
      }
    }
    int gone = keys.retireOlderVersions();
    if (gone > 0) {
      NodeLog.info("account " + name() + ": " + gone + " older data key versions destroyed");
    }
  }

  /**
   * Ours, not nats-server's: the account's encryption in its account info — the key version and how
   * far re-sealing after a rotation has come.
   */
  void writeEncryption(ObjectNode out) {
    if (keys == null) {
      return;
    }
    int pending = 0;
    int segments = 0;
    boolean active = false;
    for (Stream s : loaded) {
      FileStore.ResealProgress p = s.resealProgress();
      if (p != null) {
        pending += p.pending();
        segments += p.segments();
        active |= p.activeOld();
      }
    }
    ObjectNode e = out.putObject("encryption");
    e.put("cipher", "aes-256-gcm");
    e.put("key_version", keys.current().version());
    e.putPOJO("key_versions_kept", keys.versions());
    ObjectNode r = e.putObject("reseal");
    r.put("running", resealing);
    r.put("segments_pending", pending);
    r.put("segments", segments);
    r.put("active_segments_with_older_keys", active);
  }

  private void unload() {
    for (Stream s : streams.values()) {
      if (s.isMemory()) {
        s.destroy();
      } else {
        s.close();
      }
    }
    streams.clear();
    offline.clear();
    loaded = List.of();
  }

  /** The account is gone: its streams are removed and its data key destroyed (crypto-shredding). */
  synchronized void delete() {
    api.close();
    for (Stream s : streams.values()) {
      s.destroy();
    }
    streams.clear();
    offline.clear();
    loaded = List.of();
    limits = null;
    node.deleteTree(dir);
    if (node.keyring() != null) {
      try {
        node.keyring().destroy(name());
      } catch (IOException e) {
        NodeLog.warn("could not destroy the data key of " + name() + ": " + e.getMessage());
      }
    }
    NodeLog.info("account " + name() + " deleted: its streams and data key are destroyed");
  }

  /** The node stops: streams are closed (files stay). */
  synchronized void close() {
    api.close();
    unload();
  }

  // ---- streams ----

  synchronized Stream stream(String name) {
    return streams.get(name);
  }

  synchronized String offlineReason(String name) {
    return offline.get(name);
  }

  synchronized List<Stream> streams() {
    return new ArrayList<>(streams.values());
  }

  synchronized Map<String, String> offlineStreams() {
    return new LinkedHashMap<>(offline);
  }

  synchronized Stream create(StreamConfig c) throws JsApiException {
    Stream existing = streams.get(c.name);
    if (existing != null) {
      if (existing.config().sameAs(c)) {
        return existing;
      }
      throw JsError.JSStreamNameExistErr.exception();
    }
    if (offline.containsKey(c.name)) {
      throw JsError.JSStreamNameExistErr.exception();
    }
    checkLimits(c, null);
    checkOverlap(c, null);
    Stream s = Stream.create(this, c, dir.resolve("streams").resolve(c.name));
    streams.put(c.name, s);
    loaded = List.copyOf(streams.values());
    return s;
  }

  synchronized void update(Stream s, StreamConfig next) throws JsApiException {
    checkLimits(next, s);
    checkOverlap(next, s);
    s.update(next);
  }

  synchronized void delete(Stream s) {
    streams.remove(s.name());
    loaded = List.copyOf(streams.values());
    s.destroy();
    node.forgetDamage(this, s.name());
  }

  private void checkOverlap(StreamConfig c, Stream self) throws JsApiException {
    for (Stream other : streams.values()) {
      if (other == self) {
        continue;
      }
      for (String a : other.config().subjects) {
        for (String b : c.subjects) {
          if (Subjects.collide(a, b)) {
            throw JsError.JSStreamSubjectOverlapErr.exception();
          }
        }
      }
    }
  }

  // The account's JetStream limits against a new or changed configuration.
  private void checkLimits(StreamConfig c, Stream self) throws JsApiException {
    JsLimits l = limits;
    if (l == null) {
      throw JsError.JSNotEnabledForAccountErr.exception();
    }
    if (l.noApplicableTier()) {
      throw JsError.JSNoLimitsErr.exception();
    }
    if (self == null && l.maxStreams() > 0 && streams.size() + offline.size() >= l.maxStreams()) {
      throw JsError.JSMaximumStreamsLimitErr.exception();
    }
    if (l.maxConsumers() > 0 && c.maxConsumers > l.maxConsumers()) {
      throw JsError.JSMaximumConsumersLimitErr.exception(); // as nats-server's checkLimits
    }
    if (l.maxBytesRequired() && c.maxBytes <= 0) {
      throw JsError.JSStreamMaxBytesRequired.exception();
    }
    long perStream = c.isMemory() ? l.memoryMaxStreamBytes() : l.storageMaxStreamBytes();
    if (perStream > 0 && (c.maxBytes <= 0 || c.maxBytes > perStream)) {
      if (c.maxBytes > perStream) {
        throw JsError.JSStreamMaxStreamBytesExceeded.exception();
      }
    }
    long max = c.isMemory() ? l.maxMemory() : l.maxStorage();
    long reserved = c.maxBytes > 0 ? c.maxBytes : 0;
    for (Stream s : streams.values()) {
      if (s != self && s.isMemory() == c.isMemory() && s.config().maxBytes > 0) {
        reserved += s.config().maxBytes;
      }
    }
    if (max == 0 || (max > 0 && reserved > max)) {
      throw c.isMemory()
          ? JsError.JSMemoryResourcesExceededErr.exception()
          : JsError.JSStorageResourcesExceededErr.exception();
    }
    node.checkReservation(c.isMemory(), c.maxBytes > 0 ? c.maxBytes : 0);
  }

  /** Consumers in all of this account's streams. */
  int consumerCount() {
    int n = 0;
    for (Stream s : loaded) {
      n += s.consumerCount();
    }
    return n;
  }

  /** Before a new consumer: the account's consumer limit. */
  void checkConsumerLimit() throws JsApiException {
    JsLimits l = limits;
    if (l == null) {
      throw JsError.JSNotEnabledForAccountErr.exception();
    }
    if (l.maxConsumers() > 0 && consumerCount() >= l.maxConsumers()) {
      throw JsError.JSMaximumConsumersLimitErr.exception();
    }
  }

  /** Before storing {@code size} more bytes: the account's and the node's storage limits. */
  void checkUsage(boolean memory, long size) throws JsApiException {
    JsLimits l = limits;
    if (l == null) {
      throw JsError.JSNotEnabledForAccountErr.exception();
    }
    long max = memory ? l.maxMemory() : l.maxStorage();
    if (max >= 0 && usage(memory) + size > max) {
      throw JsError.JSAccountResourcesExceededErr.exception();
    }
    node.checkUsage(memory, size);
  }

  /** Bytes this account's streams of one storage type hold, exactly. */
  long usage(boolean memory) {
    long n = 0;
    for (Stream s : loaded) {
      if (s.isMemory() == memory) {
        n += s.bytes();
      }
    }
    return n;
  }

  long reserved(boolean memory) {
    long n = 0;
    for (Stream s : loaded) {
      if (s.isMemory() == memory && s.config().maxBytes > 0) {
        n += s.config().maxBytes;
      }
    }
    return n;
  }

  void housekeep(long now) {
    for (Stream s : loaded) {
      s.housekeep(now);
    }
  }
}
