package io.tributary.dataplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store with records sealed under a tenant's data key: the whole contract, then what
 * encryption adds — nothing readable on disk, tampering caught by the cipher even with a fixed-up
 * checksum, rotation, and a missing or destroyed key refusing to serve without touching the files.
 */
class EncryptedFileStoreTest extends StreamStoreContract {
  @TempDir Path dir;
  private final AtomicInteger stores = new AtomicInteger();
  private final Keys keys = new Keys("tenant-a");

  /** Data keys in memory, by version; the newest is current. */
  static final class Keys implements StoreKeys {
    final Map<Integer, DataKey> versions = new TreeMap<>();
    private final String owner;

    Keys(String owner) {
      this.owner = owner;
      rotate();
    }

    void rotate() {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      int v = versions.size() + 1;
      versions.put(v, new DataKey(v, new SecretKeySpec(k, "AES")));
    }

    @Override
    public DataKey current() {
      return versions.get(versions.keySet().stream().max(Integer::compare).orElseThrow());
    }

    @Override
    public DataKey version(int version) {
      return versions.get(version);
    }

    @Override
    public String owner() {
      return owner;
    }
  }

  @Override
  protected StreamStore create(StoreLimits limits) throws Exception {
    return FileStore.open(
        dir.resolve("s" + stores.incrementAndGet()), FileIo.NIO, 4096, limits, keys);
  }

  @Override
  protected StreamStore restart(StreamStore store, StoreLimits limits) throws Exception {
    store.close();
    return FileStore.open(dir.resolve("s" + stores.get()), FileIo.NIO, 4096, limits, keys);
  }

  private FileStore open(Path d, StoreKeys k) throws StoreException {
    return (FileStore) track(FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE, k));
  }

  private static byte[] segment(Path d) throws Exception {
    return Files.readAllBytes(FileIo.NIO.list(d, ".seg").get(0));
  }

  @Test
  void nothingReadableReachesTheDisk() throws Exception {
    Path d = dir.resolve("plain");
    FileStore s = open(d, keys);
    s.append(
            "orders.eu.customer-42",
            bytes("NATS/1.0\r\nTrace: abc\r\n\r\n"),
            bytes("credit-card-4111"),
            1)
        .get();
    String disk = new String(segment(d), StandardCharsets.ISO_8859_1);
    assertThat(disk).doesNotContain("orders.eu").doesNotContain("4111").doesNotContain("Trace");
    assertThat(s.get(1).payload()).isEqualTo(bytes("credit-card-4111"));
    assertThat(s.lastBySubject("orders.eu.customer-42").seq()).isEqualTo(1);
  }

  @Test
  void tamperingIsCaughtByTheCipherEvenWithAValidChecksum() throws Exception {
    Path d = dir.resolve("tamper");
    FileStore s = open(d, keys);
    for (int i = 1; i <= 3; i++) {
      s.append("t", null, bytes("message-" + i), i).get();
    }
    s.close();
    byte[] all = segment(d);
    // The second record: flip a ciphertext byte, then recompute the CRC as an attacker would.
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int first = Records.SEGMENT_HEADER;
    int second = first + Records.RECORD_HEADER + b.getInt(first + 4);
    int len = b.getInt(second + 4);
    all[second + Records.RECORD_HEADER + RecordSealer.HEADER + 2] ^= 0x01;
    CRC32C crc = new CRC32C();
    crc.update(all, second + 4, 4);
    crc.update(all, second + Records.RECORD_HEADER, len);
    b.putInt(second + 8, (int) crc.getValue());
    Files.write(FileIo.NIO.list(d, ".seg").get(0), all);
    FileStore again = open(d, keys);
    assertThat(again.state().corrupt()).isEqualTo(1);
    assertThat(again.get(2)).as("never served").isNull();
    assertThat(again.get(1).payload()).isEqualTo(bytes("message-1"));
    assertThat(again.get(3).payload()).isEqualTo(bytes("message-3"));
    assertThat(again.state().lastSeq()).isEqualTo(3);
  }

  @Test
  void rotatedKeysKeepOldRecordsReadable() throws Exception {
    Path d = dir.resolve("rotate");
    FileStore s = open(d, keys);
    s.append("r", null, bytes("under v1"), 1).get();
    keys.rotate();
    s.append("r", null, bytes("under v2"), 2).get();
    s.close();
    FileStore again = open(d, keys);
    assertThat(again.get(1).payload()).isEqualTo(bytes("under v1"));
    assertThat(again.get(2).payload()).isEqualTo(bytes("under v2"));
    byte[] all = segment(d);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int first = Records.SEGMENT_HEADER;
    int second = first + Records.RECORD_HEADER + b.getInt(first + 4);
    assertThat(b.getInt(first + Records.RECORD_HEADER + 9)).as("key version of 1").isEqualTo(1);
    assertThat(b.getInt(second + Records.RECORD_HEADER + 9)).as("key version of 2").isEqualTo(2);
  }

  @Test
  void afterARotationEveryClosedSegmentIsResealedAndTheOldKeyCanGo() throws Exception {
    Path d = dir.resolve("reseal");
    FileStore s = (FileStore) track(FileStore.open(d, FileIo.NIO, 4096, StoreLimits.NONE, keys));
    for (int i = 1; i <= 400; i++) {
      s.append("rs." + (i % 4), null, bytes("old " + i), i).get();
    }
    s.delete(10, true);
    keys.rotate();
    FileStore.ResealProgress before = s.resealProgress();
    assertThat(before.pending()).as("closed segments under v1").isGreaterThan(2);
    int resealed = 0;
    while (s.resealOne()) {
      resealed++;
    }
    assertThat(resealed)
        .as("each closed segment, then the active one rolled and re-sealed too")
        .isGreaterThan(before.pending());
    assertThat(s.resealProgress().pending()).isZero();
    assertThat(s.resealProgress().activeOld()).isFalse();
    for (int i = 401; i <= 500; i++) {
      s.append("rs." + (i % 4), null, bytes("new " + i), i).get(); // rolls the old active segment
    }
    while (s.resealOne()) {
      resealed++;
    }
    assertThat(s.resealProgress())
        .isEqualTo(new FileStore.ResealProgress(0, s.resealProgress().segments(), false));
    s.close();
    // Version 1 destroyed: everything still opens, nothing under it is left.
    keys.versions.remove(1);
    FileStore again = open(d, keys);
    assertThat(again.state().msgs()).isEqualTo(499);
    assertThat(again.get(1).payload()).isEqualTo(bytes("old 1"));
    assertThat(again.get(10)).isNull();
    assertThat(again.get(500).payload()).isEqualTo(bytes("new 500"));
    assertThat(again.state().corrupt()).isZero();
    assertThat(FileIo.NIO.list(d, ".reseal")).isEmpty();
  }

  @Test
  void aMissingKeyRefusesToServeAndChangesNothing() throws Exception {
    Path d = dir.resolve("missing");
    FileStore s = open(d, keys);
    s.append("m", null, bytes("secret"), 1).get();
    s.append("m", null, bytes("more"), 2).get();
    s.close();
    byte[] before = segment(d);
    Keys wrong = new Keys("tenant-a");
    wrong.versions.clear(); // a node started with another master key: no version unwraps
    assertThatThrownBy(() -> FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE, wrong))
        .isInstanceOf(StoreException.KeyMissing.class)
        .hasMessageContaining("data key version 1 of tenant-a is not available");
    assertThatThrownBy(() -> FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE))
        .isInstanceOf(StoreException.KeyMissing.class)
        .hasMessageContaining("opened without keys");
    assertThat(segment(d)).as("the files are left as they are").isEqualTo(before);
    assertThat(open(d, keys).get(1).payload()).isEqualTo(bytes("secret"));
  }

  @Test
  void destroyingTheKeyShredsTheData() throws Exception {
    Path d = dir.resolve("shred");
    Keys tenant = new Keys("tenant-gone");
    FileStore s = open(d, tenant);
    s.append("s", null, bytes("shred-me"), 1).get();
    s.close();
    tenant.versions.clear(); // the account was deleted: its data key is destroyed
    assertThatThrownBy(() -> FileStore.open(d, FileIo.NIO, 1 << 20, StoreLimits.NONE, tenant))
        .isInstanceOf(StoreException.KeyMissing.class);
    assertThat(new String(segment(d), StandardCharsets.ISO_8859_1)).doesNotContain("shred-me");
  }
}
