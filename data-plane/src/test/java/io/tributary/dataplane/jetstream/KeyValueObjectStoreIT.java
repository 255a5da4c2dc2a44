package io.tributary.dataplane.jetstream;

import static io.tributary.dataplane.jetstream.ApiErrors.apiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.tributary.dataplane.testing.TestServer;

/**
 * Key/Value and Object Store through jnats (matrix rows K1–K10, O1–O8): the clients build both on
 * streams and consumers, so these exercise per-subject history, expected-sequence headers,
 * roll-ups, direct gets, last-per-subject and ordered push consumers with flow control.
 */
class KeyValueObjectStoreIT {
  @TempDir static Path storeDir;
  private static TestServer server;
  private static Connection nc;

  @BeforeAll
  static void start() throws Exception {
    server = JetStreamStreamsIT.start(storeDir);
    nc = JetStreamStreamsIT.connect(server);
  }

  @AfterAll
  static void stop() throws Exception {
    nc.close();
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bucketLifecyclePutGetCreateUpdateDeletePurge() throws Exception {
    KeyValueManagement kvm = nc.keyValueManagement();
    kvm.create(
        KeyValueConfiguration.builder()
            .name("cfg")
            .maxHistoryPerKey(5)
            .storageType(StorageType.File)
            .build());
    assertThat(kvm.getBucketNames()).contains("cfg");
    KeyValue kv = nc.keyValue("cfg");
    long r1 = kv.put("a", "1");
    long r2 = kv.put("a", "2");
    assertThat(r2).isGreaterThan(r1);
    KeyValueEntry e = kv.get("a");
    assertThat(e.getValueAsString()).isEqualTo("2");
    assertThat(e.getRevision()).isEqualTo(r2);
    assertThat(e.getCreated()).isNotNull();
    assertThat(kv.get("a", r1).getValueAsString()).isEqualTo("1");
    assertThat(kv.get("missing")).isNull();

    long c = kv.create("b", bytes("x"));
    assertThat(apiError(() -> kv.create("b", bytes("y")))).isEqualTo(10071);
    assertThat(kv.update("b", bytes("z"), c)).isGreaterThan(c);
    assertThat(apiError(() -> kv.update("b", bytes("stale"), c))).isEqualTo(10071);
    kv.delete("b");
    assertThat(kv.get("b")).isNull();
    kv.create("b", bytes("again"));
    assertThat(kv.get("b").getValueAsString()).isEqualTo("again");

    for (int i = 0; i < 7; i++) {
      kv.put("h", "v" + i);
    }
    List<KeyValueEntry> history = kv.history("h");
    assertThat(history).hasSize(5);
    assertThat(history.get(4).getValueAsString()).isEqualTo("v6");
    kv.purge("h");
    List<KeyValueEntry> purged = kv.history("h");
    assertThat(purged).hasSize(1);
    assertThat(purged.get(0).getOperation()).isEqualTo(KeyValueOperation.PURGE);

    KeyValueStatus status = kvm.getStatus("cfg");
    assertThat(status.getMaxHistoryPerKey()).isEqualTo(5);
    assertThat(status.getEntryCount()).isPositive();
    kvm.delete("cfg");
    assertThat(kvm.getBucketNames()).doesNotContain("cfg");
  }

  @Test
  void keysAndWatch() throws Exception {
    nc.keyValueManagement()
        .create(KeyValueConfiguration.builder().name("w").storageType(StorageType.File).build());
    KeyValue kv = nc.keyValue("w");
    kv.put("app.one", "1");
    kv.put("app.two", "2");
    kv.put("other", "3");
    kv.put("gone", "4");
    kv.delete("gone");
    assertThat(kv.keys()).containsExactlyInAnyOrder("app.one", "app.two", "other");
    assertThat(kv.keys("app.*")).containsExactlyInAnyOrder("app.one", "app.two");

    List<KeyValueEntry> seen = new CopyOnWriteArrayList<>();
    CountDownLatch endOfData = new CountDownLatch(1);
    CountDownLatch live = new CountDownLatch(1);
    KeyValueWatcher watcher =
        new KeyValueWatcher() {
          @Override
          public void watch(KeyValueEntry entry) {
            seen.add(entry);
            if (entry.getKey().equals("app.three")) {
              live.countDown();
            }
          }

          @Override
          public void endOfData() {
            endOfData.countDown();
          }
        };
    try (var sub = kv.watch("app.*", watcher)) {
      assertThat(endOfData.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).extracting(KeyValueEntry::getKey).containsExactly("app.one", "app.two");
      kv.put("app.three", "3");
      assertThat(live.await(5, TimeUnit.SECONDS)).isTrue();
    }

    CountDownLatch empty = new CountDownLatch(1);
    try (var sub =
        kv.watchAll(
            new KeyValueWatcher() {
              @Override
              public void watch(KeyValueEntry entry) {}

              @Override
              public void endOfData() {
                empty.countDown();
              }
            },
            KeyValueWatchOption.UPDATES_ONLY)) {
      assertThat(empty.await(5, TimeUnit.SECONDS)).as("endOfData for updates only").isTrue();
    }
    nc.keyValueManagement().delete("w");
  }

  @Test
  void bucketTtlExpiresValues() throws Exception {
    nc.keyValueManagement()
        .create(
            KeyValueConfiguration.builder()
                .name("ttl")
                .ttl(Duration.ofMillis(500))
                .storageType(StorageType.File)
                .build());
    KeyValue kv = nc.keyValue("ttl");
    kv.put("k", "v");
    assertThat(kv.get("k")).isNotNull();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (kv.get("k") != null && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(kv.get("k")).isNull();
    nc.keyValueManagement().delete("ttl");
  }

  @Test
  void objectsSmallAndLargeWithDigestInfoListDeleteAndSeal() throws Exception {
    ObjectStoreManagement osm = nc.objectStoreManagement();
    osm.create(ObjectStoreConfiguration.builder("files").storageType(StorageType.File).build());
    assertThat(osm.getBucketNames()).contains("files");
    ObjectStore os = nc.objectStore("files");

    byte[] small = new byte[1000];
    new Random(1).nextBytes(small);
    ObjectInfo si = os.put("small", small);
    assertThat(si.getChunks()).isEqualTo(1);
    assertThat(si.getDigest()).startsWith("SHA-256=");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    os.get("small", out);
    assertThat(out.toByteArray()).isEqualTo(small);

    byte[] big = new byte[5 * 1024 * 1024];
    new Random(2).nextBytes(big);
    ObjectInfo bi =
        os.put(
            ObjectMeta.builder("big").chunkSize(64 * 1024).build(), new ByteArrayInputStream(big));
    assertThat(bi.getChunks()).isEqualTo(80);
    out = new ByteArrayOutputStream();
    os.get("big", out);
    assertThat(out.toByteArray()).isEqualTo(big);

    long before =
        nc.jetStreamManagement().getStreamInfo("OBJ_files").getStreamState().getMsgCount();
    os.put(ObjectMeta.builder("big").chunkSize(64 * 1024).build(), new ByteArrayInputStream(small));
    long after = nc.jetStreamManagement().getStreamInfo("OBJ_files").getStreamState().getMsgCount();
    assertThat(after).isLessThan(before);

    List<String> names = new ArrayList<>();
    os.getList().forEach(i -> names.add(i.getObjectName()));
    assertThat(names).containsExactlyInAnyOrder("small", "big");
    os.updateMeta("small", ObjectMeta.builder("tiny").description("renamed").build());
    assertThat(os.getInfo("tiny").getDescription()).isEqualTo("renamed");
    assertThat(os.getInfo("small")).isNull();
    os.addLink("link", os.getInfo("tiny"));
    assertThat(os.getInfo("link").isLink()).isTrue();
    os.delete("tiny");
    assertThat(os.getInfo("tiny")).isNull();
    assertThat(os.getInfo("tiny", true).isDeleted()).isTrue();

    os.seal();
    assertThatThrownBy(() -> os.put("more", small)).isInstanceOf(JetStreamApiException.class);
    osm.delete("files");
  }
}
