package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountListener;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.keyring.Keyring;
import io.tributary.dataplane.keyring.MasterKey;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.FileStore;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoreKeys;
import io.tributary.dataplane.store.StoreLimits;
import io.tributary.dataplane.store.StreamStore;
import io.tributary.dataplane.store.SyncPolicy;

/**
 * JetStream on this node: one {@link JsAccount} per account that may use it (every account but the
 * system account; {@code $G} outside operator mode), the node's storage limits, the keyring that
 * holds each tenant's data key, and the housekeeping that expires messages. Files live under {@code
 * <store-dir>/jetstream/<account>/streams/<stream>/}, keys under {@code
 * <store-dir>/jetstream/keys/}.
 */
public final class JetStream implements AccountListener, AutoCloseable {
  /**
   * What a node's JetStream is configured with.
   *
   * @param storeDir where stream files and keys live
   * @param maxMemory bytes all memory streams may hold ({@code -1}: no limit)
   * @param maxFile bytes all file streams may hold ({@code -1}: no limit)
   * @param masterKey wraps the tenants' data keys; null stores plain records (no encryption)
   * @param sync when file streams without a sync setting of their own fsync
   * @param fileIo the I/O seam (tests inject failures)
   */
  public record Options(
      Path storeDir,
      long maxMemory,
      long maxFile,
      MasterKey masterKey,
      SyncPolicy sync,
      FileIo fileIo) {}

  private static final long HOUSEKEEPING_MS = 250;

  private final Options options;
  private final String serverName;
  private final String systemAccount;
  private final Path root;
  private final Keyring keyring;
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final ExecutorService consumerLogWriter;
  private final Map<Account, JsAccount> accounts = new ConcurrentHashMap<>();
  private final Map<String, Long> damaged = new ConcurrentHashMap<>();

  private JetStream(Options options, String serverName, String systemAccount) throws IOException {
    this.options = options;
    this.serverName = serverName;
    this.systemAccount = systemAccount;
    this.root = options.storeDir().resolve("jetstream");
    options.fileIo().createDirectories(root);
    this.keyring =
        options.masterKey() == null
            ? null
            : new Keyring(root.resolve("keys"), options.masterKey(), options.fileIo());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "jetstream-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jetstream-housekeeping");
              t.setDaemon(true);
              return t;
            });
    // One thread writes and syncs every consumer's state: many consumers' acks per sync.
    this.consumerLogWriter =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jetstream-consumer-state");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts JetStream for every account of {@code registry} (and those that come later).
   *
   * @param systemAccount the system account's id (never gets JetStream), or null
   */
  public static JetStream start(
      Options options, AccountRegistry registry, String serverName, String systemAccount)
      throws IOException {
    JetStream js = new JetStream(options, serverName, systemAccount);
    registry.addListener(js);
    js.timer.scheduleWithFixedDelay(
        js::housekeep, HOUSEKEEPING_MS, HOUSEKEEPING_MS, TimeUnit.MILLISECONDS);
    NodeLog.info(
        "jetstream on, storage in "
            + js.root
            + (js.keyring == null
                ? " (not encrypted)"
                : " (encrypted per account, master key: " + options.masterKey().name() + ")"));
    return js;
  }

  // ---- accounts ----

  @Override
  public void added(Account account) {
    updated(account);
  }

  @Override
  public void updated(Account account) {
    if (account.name().equals(systemAccount)) {
      return;
    }
    JsAccount a = accounts.computeIfAbsent(account, acc -> new JsAccount(this, acc));
    a.apply(JsLimits.of(account.claims()));
  }

  @Override
  public void removed(Account account) {
    JsAccount a = accounts.remove(account);
    if (a != null) {
      a.delete();
    }
  }

  /** True if the account may use JetStream now (its claims grant it). */
  public boolean enabled(Account account) {
    JsAccount a = accounts.get(account);
    return a != null && a.limits() != null;
  }

  // ---- for accounts and streams ----

  Path root() {
    return root;
  }

  Keyring keyring() {
    return keyring;
  }

  ExecutorService pool() {
    return pool;
  }

  /** Where consumers' wake-ups are scheduled (they run on the consumer's own executor). */
  ScheduledExecutorService timer() {
    return timer;
  }

  /** The thread that writes and syncs consumer state. */
  ExecutorService consumerLogWriter() {
    return consumerLogWriter;
  }

  String serverName() {
    return serverName;
  }

  /** Every file operation of this node's JetStream goes through this (tests inject faults). */
  FileIo fileIo() {
    return options.fileIo();
  }

  StreamStore openFileStore(
      Path dir, StoreLimits limits, StoreKeys keys, FileStore.RecoveryListener recovery)
      throws StoreException {
    return FileStore.open(
        dir, options.fileIo(), FileStore.DEFAULT_SEGMENT_BYTES, limits, keys, recovery);
  }

  /** A stream's sync policy: its own, or the node's. */
  SyncPolicy sync(StreamConfig c) {
    return c.sync != null ? SyncPolicy.parse(c.sync) : options.sync();
  }

  /** Node-wide: the new bytes must fit under the node's storage limit. */
  void checkUsage(boolean memory, long size) throws JsApiException {
    long max = memory ? options.maxMemory() : options.maxFile();
    if (max >= 0 && usage(memory) + size > max) {
      throw JsError.JSInsufficientResourcesErr.exception();
    }
  }

  /** A new stream's {@code max_bytes} must fit into what the node has left to promise. */
  void checkReservation(boolean memory, long bytes) throws JsApiException {
    long max = memory ? options.maxMemory() : options.maxFile();
    if (max < 0 || bytes == 0) {
      return;
    }
    long reserved = 0;
    for (JsAccount a : accounts.values()) {
      reserved += a.reserved(memory);
    }
    if (reserved + bytes > max) {
      throw memory
          ? JsError.JSMemoryResourcesExceededErr.exception()
          : JsError.JSStorageResourcesExceededErr.exception();
    }
  }

  long usage(boolean memory) {
    long n = 0;
    for (JsAccount a : accounts.values()) {
      n += a.usage(memory);
    }
    return n;
  }

  /**
   * Streams opened with records found damaged: logged, advised, and unhealthy in {@code /healthz}.
   */
  void reportDamage(JsAccount account, Stream s) {
    long n = s.state().corrupt();
    if (n == 0) {
      return;
    }
    String id = account.name() + "/" + s.name();
    damaged.put(id, n);
    NodeLog.warn("stream " + id + ": " + n + " damaged records found on disk; they are not served");
    String advisory =
        Json.object()
            .put("type", "io.tributary.jetstream.advisory.v1.stream_damaged")
            .put("stream", s.name())
            .put("damaged_records", n)
            .put("timestamp", Json.time(Clock.now()))
            .toString();
    account
        .api()
        .publish(
            "$JS.EVENT.ADVISORY.STREAM.DAMAGED." + s.name(),
            advisory.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream is gone (deleted, or its account): its damage no longer makes the node unhealthy. */
  void forgetDamage(JsAccount account, String stream) {
    damaged.remove(account.name() + "/" + stream);
  }

  /**
   * What is wrong with this node's JetStream, for {@code /healthz}: streams with damaged records,
   * streams and consumers whose storage failed, accounts whose data key does not open. Empty when
   * healthy.
   */
  public List<String> problems() {
    List<String> out = new java.util.ArrayList<>();
    damaged.forEach((id, n) -> out.add("stream " + id + " has " + n + " damaged records"));
    for (JsAccount a : accounts.values()) {
      if (a.keyError() != null) {
        out.add(a.keyError());
      }
      for (Stream s : a.streams()) {
        if (s.failure() != null) {
          out.add("stream " + a.name() + "/" + s.name() + ": " + s.failure());
        }
        for (Consumer c : s.consumers()) {
          if (c.storageFailure() != null) {
            out.add(
                "consumer "
                    + a.name()
                    + "/"
                    + s.name()
                    + "/"
                    + c.name()
                    + ": "
                    + c.storageFailure());
          }
        }
      }
      a.offlineStreams()
          .forEach(
              (name, why) -> out.add("stream " + a.name() + "/" + name + " is offline: " + why));
    }
    return out;
  }

  /** Removes a directory and everything in it. */
  void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              options.fileIo().delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              options.fileIo().delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
      options.fileIo().syncDirectory(dir.getParent());
    } catch (IOException e) {
      NodeLog.warn("could not remove " + dir + ": " + e.getMessage());
    }
  }

  // On a fixed-delay schedule, which an uncaught exception would end for good: a bug in one
  // account's housekeeping is logged, and the others' (and the next round) go on.
  private void housekeep() {
    long now = Clock.now();
    for (JsAccount a : accounts.values()) {
      try {
        a.housekeep(now);
      } catch (RuntimeException e) {
        NodeLog.warn("housekeeping of account " + a.name() + " failed: " + e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (JsAccount a : accounts.values()) {
      a.close();
    }
    accounts.clear();
    consumerLogWriter.shutdown();
    pool.shutdown();
  }
}
