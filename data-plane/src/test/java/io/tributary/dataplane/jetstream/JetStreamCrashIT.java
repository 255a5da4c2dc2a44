package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.MessageTtl;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.tributary.auth.testing.Ports;
import io.tributary.dataplane.cli.NodeCli;

/**
 * A node process killed with SIGKILL, then restarted on the same store directory.
 *
 * <ul>
 *   <li>While four clients publish with acknowledgements: every acknowledged message is there, at
 *       the sequence its PubAck named, in each publisher's order, exactly once — and publishing the
 *       unacknowledged ones again with the same {@code Nats-Msg-Id} stores none of them twice.
 *   <li>While a durable pull consumer's messages are double-acked: no message whose {@code ackSync}
 *       returned comes back, every other one does, the consumer's counts add up and its
 *       configuration is intact.
 *   <li>After Key/Value deletes, purges and expiries: what was deleted, purged or expired stays
 *       gone, live keys keep their values and revisions, and revisions go on from where they were.
 * </ul>
 */
class JetStreamCrashIT {
  private static final int PUBLISHERS = 4;

  @TempDir Path dir;

  private Process startNode(int port, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                NodeCli.class.getName(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                "0",
                "--jetstream",
                "--store-dir",
                dir.resolve("store").toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static Connection connect(int port, Path log) throws Exception {
    for (int i = 0; i < 200; i++) {
      try {
        return Nats.connect(
            new Options.Builder()
                .server("nats://127.0.0.1:" + port)
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(0)
                .build());
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("node did not start:\n" + Files.readString(log));
  }

  @Test
  void everyAcknowledgedMessageSurvivesSigkillExactlyOnce() throws Exception {
    int port = Ports.freeLoopbackPort();
    Path log = dir.resolve("node.log");
    Process node = startNode(port, log);
    // id -> the sequence its PubAck named
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Map<Integer, Integer> sent = new ConcurrentHashMap<>();
    try {
      try (Connection admin = connect(port, log)) {
        admin
            .jetStreamManagement()
            .addStream(
                StreamConfiguration.builder()
                    .name("CRASH")
                    .subjects("crash.>")
                    .storageType(StorageType.File)
                    .build());
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        int publisher = p;
        Thread t =
            new Thread(
                () -> {
                  try (Connection nc = connect(port, log)) {
                    JetStream js = nc.jetStream();
                    List<CompletableFuture<PublishAck>> window = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; !stop.get(); i++) {
                      String id = "p" + publisher + "-" + i;
                      window.add(
                          js.publishAsync(
                              "crash." + publisher,
                              id.getBytes(StandardCharsets.UTF_8),
                              PublishOptions.builder().messageId(id).build()));
                      ids.add(id);
                      sent.put(publisher, i + 1);
                      if (window.size() >= 200) {
                        PublishAck ack = window.remove(0).get(5, TimeUnit.SECONDS);
                        acked.put(ids.remove(0), ack.getSeqno());
                      }
                    }
                  } catch (Exception expected) {
                    // the node was killed
                  }
                });
        t.start();
        threads.add(t);
      }
      Thread.sleep(1500);
      node.destroyForcibly(); // SIGKILL
      node.waitFor(10, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(acked).as("acknowledged before the kill").hasSizeGreaterThan(1000);

      node = startNode(port, log);
      try (Connection nc = connect(port, log)) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        long last = jsm.getStreamInfo("CRASH").getStreamState().getLastSequence();
        Set<String> stored = new HashSet<>();
        Map<Integer, Long> lastOrder = new HashMap<>();
        for (long seq = 1; seq <= last; seq++) {
          MessageInfo m = jsm.getMessage("CRASH", seq);
          String id = new String(m.getData(), StandardCharsets.UTF_8);
          assertThat(stored.add(id)).as("stored once: " + id).isTrue();
          int publisher = Integer.parseInt(id.substring(1, id.indexOf('-')));
          long n = Long.parseLong(id.substring(id.indexOf('-') + 1));
          assertThat(n)
              .as("publisher " + publisher + " in order")
              .isGreaterThan(lastOrder.getOrDefault(publisher, -1L));
          lastOrder.put(publisher, n);
        }
        for (Map.Entry<String, Long> e : acked.entrySet()) {
          MessageInfo m = jsm.getMessage("CRASH", e.getValue());
          assertThat(new String(m.getData(), StandardCharsets.UTF_8))
              .as("acknowledged " + e.getKey())
              .isEqualTo(e.getKey());
        }
        // Everything sent again with its id: what is stored is a duplicate, the rest is new.
        JetStream js = nc.jetStream();
        for (Map.Entry<Integer, Integer> e : sent.entrySet()) {
          for (int i = 0; i < e.getValue(); i++) {
            String id = "p" + e.getKey() + "-" + i;
            PublishAck ack =
                js.publish(
                    "crash." + e.getKey(),
                    id.getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(id).build());
            assertThat(ack.isDuplicate()).as(id).isEqualTo(stored.contains(id));
          }
        }
        long total = sent.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(jsm.getStreamInfo("CRASH").getStreamState().getMsgCount()).isEqualTo(total);
      }
    } finally {
      node.destroyForcibly();
    }
  }

  private static final int WORK = 5_000;
  private static final int BATCH = 100;
  // In the middle of a batch: the rest of it is delivered, its deliveries durable, not acked.
  private static final int KILL_AFTER_ACKS = 2_050;
  private static final Duration ACK_WAIT = Duration.ofSeconds(5);

  @Test
  void noDoubleAckedMessageComesBackAfterSigkillAndNoOtherIsLost() throws Exception {
    int port = Ports.freeLoopbackPort();
    Path log = dir.resolve("node.log");
    Process node = startNode(port, log);
    ConsumerConfiguration wanted =
        ConsumerConfiguration.builder()
            .durable("worker")
            .description("crash test consumer")
            .filterSubject("work.>")
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(ACK_WAIT)
            .maxDeliver(50)
            .maxAckPending(1_000)
            .build();
    try {
      try (Connection nc = connect(port, log)) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(
            StreamConfiguration.builder()
                .name("WORK")
                .subjects("work.>")
                .storageType(StorageType.File)
                .build());
        JetStream js = nc.jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 1; i <= WORK; i++) {
          acks.add(js.publishAsync("work." + (i % 7), payload(i)));
        }
        for (int i = 0; i < WORK; i++) {
          assertThat(acks.get(i).get(10, TimeUnit.SECONDS).getSeqno()).isEqualTo(i + 1);
        }
        jsm.addOrUpdateConsumer("WORK", wanted);
      }

      // One client fetches batches and double-acks each message in order; after KILL_AFTER_ACKS
      // acks another thread kills the node while the client goes on acking.
      Set<Long> acked = ConcurrentHashMap.newKeySet(); // its ackSync returned
      Set<Long> fetched = ConcurrentHashMap.newKeySet();
      // Batches with an answered ack: their delivery records came before that ack's, so they are
      // durable too.
      Set<Long> recorded = ConcurrentHashMap.newKeySet();
      AtomicLong unanswered = new AtomicLong(); // the ackSync the kill cut short, if any
      CountDownLatch killNow = new CountDownLatch(1);
      Thread consumer =
          new Thread(
              () -> {
                try (Connection nc = connect(port, log)) {
                  JetStreamSubscription sub =
                      nc.jetStream()
                          .subscribe("work.>", PullSubscribeOptions.bind("WORK", "worker"));
                  while (nc.getStatus() == Connection.Status.CONNECTED) {
                    List<Long> seqs = new ArrayList<>();
                    List<Message> batch = sub.fetch(BATCH, Duration.ofSeconds(2));
                    for (Message m : batch) {
                      seqs.add(m.metaData().streamSequence());
                    }
                    fetched.addAll(seqs);
                    for (Message m : batch) {
                      long seq = m.metaData().streamSequence();
                      try {
                        m.ackSync(Duration.ofSeconds(5));
                      } catch (Exception cut) {
                        unanswered.set(seq);
                        return;
                      }
                      acked.add(seq);
                      recorded.addAll(seqs);
                      if (acked.size() == KILL_AFTER_ACKS) {
                        killNow.countDown();
                      }
                    }
                  }
                } catch (Exception expected) {
                  // the node was killed
                } finally {
                  killNow.countDown();
                }
              });
      consumer.start();
      assertThat(killNow.await(30, TimeUnit.SECONDS)).isTrue();
      node.destroyForcibly(); // SIGKILL
      node.waitFor(10, TimeUnit.SECONDS);
      consumer.join(15_000);
      assertThat(consumer.isAlive()).isFalse();
      assertThat(acked).as("acked before the kill").hasSizeBetween(KILL_AFTER_ACKS, WORK - 1);
      long cut = unanswered.get();
      Set<Long> stillPending = new TreeSet<>(recorded); // delivered for sure, not acked for sure
      stillPending.removeAll(acked);
      stillPending.remove(cut);

      node = startNode(port, log);
      try (Connection nc = connect(port, log)) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        ConsumerInfo info = jsm.getConsumerInfo("WORK", "worker");
        ConsumerConfiguration cc = info.getConsumerConfiguration();
        assertThat(cc.getDurable()).isEqualTo("worker");
        assertThat(cc.getDescription()).isEqualTo(wanted.getDescription());
        assertThat(cc.getFilterSubject()).isEqualTo("work.>");
        assertThat(cc.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
        assertThat(cc.getAckWait()).isEqualTo(ACK_WAIT);
        assertThat(cc.getMaxDeliver()).isEqualTo(50);
        assertThat(cc.getMaxAckPending()).isEqualTo(1_000);
        assertThat(cc.getDeliverPolicy()).isEqualTo(wanted.getDeliverPolicy());
        assertThat(jsm.getStreamInfo("WORK").getStreamState().getConsumerCount()).isEqualTo(1);
        // Pending + ack pending + acked adds up; the server may have made the cut-short ack
        // durable without answering it.
        long serverAcked = WORK - info.getNumPending() - info.getNumAckPending();
        assertThat(serverAcked)
            .as(
                "acked: %d - pending %d - ack pending %d (%d acks answered, cut short: %d)",
                WORK, info.getNumPending(), info.getNumAckPending(), acked.size(), cut)
            .isBetween((long) acked.size(), (long) acked.size() + (cut > 0 ? 1 : 0));
        // Ack pending: at least what was surely delivered and not acked, at most what was fetched
        // and not acked plus a batch on its way to the client when the node died.
        assertThat(stillPending).as("delivered, unacked at the kill").isNotEmpty();
        assertThat(info.getNumAckPending())
            .as("ack pending")
            .isBetween((long) stillPending.size(), fetched.size() - acked.size() + (long) BATCH);
        long contiguous = 0;
        while (acked.contains(contiguous + 1)) {
          contiguous++;
        }
        long floor = info.getAckFloor().getStreamSequence();
        assertThat(floor).as("ack floor").isBetween(contiguous, contiguous + 1);
        assertThat(info.getDelivered().getStreamSequence())
            .as("delivered")
            .isGreaterThanOrEqualTo(
                recorded.stream().mapToLong(Long::longValue).max().orElseThrow());

        // Everything else, with the same durable; the pending ones after their ack wait.
        Map<Long, Long> after = new HashMap<>(); // stream seq -> delivery count
        JetStreamSubscription sub =
            nc.jetStream().subscribe("work.>", PullSubscribeOptions.bind("WORK", "worker"));
        long expected = WORK - serverAcked;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (after.size() < expected && System.nanoTime() < deadline) {
          for (Message m : sub.fetch(500, Duration.ofMillis(500))) {
            long seq = m.metaData().streamSequence();
            assertThat(new String(m.getData(), StandardCharsets.UTF_8))
                .isEqualTo(new String(payload(seq), StandardCharsets.UTF_8));
            after.put(seq, m.metaData().deliveredCount());
            m.ack();
          }
        }
        assertThat(after.keySet())
            .as("double-acked, delivered again")
            .doesNotContainAnyElementsOf(acked);
        Set<Long> missing = new TreeSet<>();
        for (long seq = 1; seq <= WORK; seq++) {
          if (!acked.contains(seq) && seq != cut && !after.containsKey(seq)) {
            missing.add(seq);
          }
        }
        assertThat(missing).as("not acknowledged, not delivered after the restart").isEmpty();
        assertThat(cut == 0 || after.containsKey(cut))
            .as("the cut-short ack of %d: either delivered again or counted as acked", cut)
            .isEqualTo(serverAcked == acked.size());
        assertThat(after).hasSize((int) expected);
        for (long seq : stillPending) {
          assertThat(after.get(seq))
              .as("deliveries of %d, pending at the kill", seq)
              .isGreaterThanOrEqualTo(2);
        }
        assertThat(sub.fetch(10, Duration.ofMillis(500))).as("nothing more").isEmpty();
        nc.flush(Duration.ofSeconds(5));
        ConsumerInfo end = awaitNoAckPending(jsm);
        assertThat(end.getNumPending()).isZero();
        assertThat(end.getAckFloor().getStreamSequence()).isEqualTo(WORK);
      }
    } finally {
      node.destroyForcibly();
    }
  }

  private static byte[] payload(long seq) {
    return ("job-" + seq).getBytes(StandardCharsets.UTF_8);
  }

  private static ConsumerInfo awaitNoAckPending(JetStreamManagement jsm) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    ConsumerInfo info = jsm.getConsumerInfo("WORK", "worker");
    while (info.getNumAckPending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      info = jsm.getConsumerInfo("WORK", "worker");
    }
    assertThat(info.getNumAckPending()).as("ack pending").isZero();
    return info;
  }

  @Test
  void deletedPurgedAndExpiredKeysStayGoneAfterSigkill() throws Exception {
    int port = Ports.freeLoopbackPort();
    Path log = dir.resolve("node.log");
    Process node = startNode(port, log);
    Map<String, KeyValueEntry> live = new HashMap<>();
    List<String> deleted = new ArrayList<>();
    List<String> purged = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    StreamState cfgBefore;
    StreamState shortBefore;
    try {
      try (Connection nc = connect(port, log)) {
        KeyValueManagement kvm = nc.keyValueManagement();
        JetStreamManagement jsm = nc.jetStreamManagement();
        kvm.create(
            KeyValueConfiguration.builder()
                .name("CFG")
                .storageType(StorageType.File)
                .maxHistoryPerKey(5)
                .build());
        // Per-message TTLs on the bucket's stream (jnats sets them up only with subject delete
        // markers, which the node does not have yet).
        jsm.updateStream(
            StreamConfiguration.builder(jsm.getStreamInfo("KV_CFG").getConfiguration())
                .allowMessageTtl(true)
                .build());
        kvm.create(
            KeyValueConfiguration.builder()
                .name("SHORT")
                .storageType(StorageType.File)
                .ttl(Duration.ofSeconds(1))
                .build());
        KeyValue cfg = nc.keyValue("CFG");
        KeyValue shortLived = nc.keyValue("SHORT");
        for (int i = 0; i < 5; i++) {
          shortLived.put("s." + i, "short " + i);
        }
        for (int i = 0; i < 20; i++) {
          for (int v = 1; v <= 3; v++) {
            cfg.put("live." + i, "live " + i + " v" + v);
          }
        }
        for (int i = 0; i < 5; i++) {
          cfg.put("del." + i, "del " + i + " v1");
          cfg.put("del." + i, "del " + i + " v2");
          cfg.delete("del." + i);
          deleted.add("del." + i);
          for (int v = 1; v <= 3; v++) {
            cfg.put("purge." + i, "purge " + i + " v" + v);
          }
          cfg.purge("purge." + i);
          purged.add("purge." + i);
          cfg.create(
              "ttl." + i, ("ttl " + i).getBytes(StandardCharsets.UTF_8), MessageTtl.seconds(1));
          expired.add("ttl." + i);
        }
        cfg.put("reborn", "first");
        cfg.delete("reborn");
        cfg.put("reborn", "second");
        // Until the TTLs and the bucket's max age have removed them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean gone = false;
        while (!gone && System.nanoTime() < deadline) {
          Thread.sleep(100);
          gone = shortLived.keys().isEmpty();
          for (String k : expired) {
            gone &= cfg.get(k) == null;
          }
          for (int i = 0; i < 5; i++) {
            gone &= shortLived.get("s." + i) == null;
          }
        }
        assertThat(gone).as("expired before the kill").isTrue();
        for (String k : cfg.keys()) {
          live.put(k, cfg.get(k));
        }
        assertThat(live.keySet()).hasSize(21).contains("reborn");
        cfgBefore = jsm.getStreamInfo("KV_CFG").getStreamState();
        shortBefore = jsm.getStreamInfo("KV_SHORT").getStreamState();
        assertThat(shortBefore.getMsgCount()).isZero();
        // A TTL that runs out while the node is down, or just after it is back.
        kvm.create(
            KeyValueConfiguration.builder().name("SOON").storageType(StorageType.File).build());
        jsm.updateStream(
            StreamConfiguration.builder(jsm.getStreamInfo("KV_SOON").getConfiguration())
                .allowMessageTtl(true)
                .build());
        nc.keyValue("SOON")
            .create("soon", "x".getBytes(StandardCharsets.UTF_8), MessageTtl.seconds(3));
        nc.keyValue("SOON").put("stays", "y");
      }
      node.destroyForcibly(); // SIGKILL
      node.waitFor(10, TimeUnit.SECONDS);

      node = startNode(port, log);
      try (Connection nc = connect(port, log)) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        KeyValue cfg = nc.keyValue("CFG");
        KeyValue shortLived = nc.keyValue("SHORT");
        StreamState cfgAfter = jsm.getStreamInfo("KV_CFG").getStreamState();
        assertThat(cfgAfter.getMsgCount()).as("messages").isEqualTo(cfgBefore.getMsgCount());
        assertThat(cfgAfter.getFirstSequence()).isEqualTo(cfgBefore.getFirstSequence());
        assertThat(cfgAfter.getLastSequence()).isEqualTo(cfgBefore.getLastSequence());
        assertThat(cfgAfter.getSubjectCount()).isEqualTo(cfgBefore.getSubjectCount());
        assertThat(new TreeSet<>(cfg.keys())).isEqualTo(new TreeSet<>(live.keySet()));
        for (KeyValueEntry e : live.values()) {
          KeyValueEntry now = cfg.get(e.getKey());
          assertThat(now).as(e.getKey()).isNotNull();
          assertThat(now.getValueAsString()).as(e.getKey()).isEqualTo(e.getValueAsString());
          assertThat(now.getRevision()).as(e.getKey()).isEqualTo(e.getRevision());
        }
        for (int i = 0; i < 20; i++) {
          assertThat(cfg.history("live." + i))
              .extracting(KeyValueEntry::getValueAsString)
              .containsExactly("live " + i + " v1", "live " + i + " v2", "live " + i + " v3");
        }
        assertThat(cfg.history("reborn"))
            .extracting(KeyValueEntry::getOperation)
            .containsExactly(
                KeyValueOperation.PUT, KeyValueOperation.DELETE, KeyValueOperation.PUT);
        for (String k : deleted) {
          assertThat(cfg.get(k)).as(k).isNull();
          List<KeyValueEntry> h = cfg.history(k);
          assertThat(h).as(k).hasSize(3);
          assertThat(h.get(2).getOperation()).as(k).isEqualTo(KeyValueOperation.DELETE);
        }
        for (String k : purged) {
          assertThat(cfg.get(k)).as(k).isNull();
          List<KeyValueEntry> h = cfg.history(k);
          assertThat(h).as(k + ": the purge removed what was before it").hasSize(1);
          assertThat(h.get(0).getOperation()).as(k).isEqualTo(KeyValueOperation.PURGE);
        }
        for (String k : expired) {
          assertThat(cfg.get(k)).as(k).isNull();
          assertThat(cfg.history(k)).as(k).isEmpty();
        }
        assertThat(shortLived.keys()).isEmpty();
        StreamState shortAfter = jsm.getStreamInfo("KV_SHORT").getStreamState();
        assertThat(shortAfter.getMsgCount()).isZero();
        assertThat(shortAfter.getLastSequence()).isEqualTo(shortBefore.getLastSequence());
        // Revisions go on from where they were.
        assertThat(cfg.put("live.0", "after")).isEqualTo(cfgBefore.getLastSequence() + 1);
        assertThat(shortLived.put("s.0", "after")).isEqualTo(shortBefore.getLastSequence() + 1);
        assertThat(cfg.get("live.0").getValueAsString()).isEqualTo("after");

        KeyValue soon = nc.keyValue("SOON");
        assertThat(soon.get("stays").getValueAsString()).isEqualTo("y");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (soon.get("soon") != null && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(soon.get("soon")).as("a TTL that ran out across the restart").isNull();
        assertThat(soon.keys()).containsExactly("stays");
      }
    } finally {
      node.destroyForcibly();
    }
  }
}
