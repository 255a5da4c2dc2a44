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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.auth.testing.Ports;
import io.tributary.dataplane.cli.NodeCli;

/**
 * A node process killed with SIGKILL while four clients publish with acknowledgements: after a
 * restart every acknowledged message is there, at the sequence its PubAck named, in each
 * publisher's order, exactly once — and publishing the unacknowledged ones again with the same
 * {@code Nats-Msg-Id} stores none of them twice.
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
}
