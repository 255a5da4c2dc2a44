package io.tributary.dataplane.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.store.FaultyFileIo;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.FileStore;
import io.tributary.dataplane.store.StoreException;
import io.tributary.dataplane.store.StoreLimits;

/**
 * Account data keys wrapped by the master key, end to end with the file store: keys survive a
 * restart, a rotation is kept, the wrong master key and a destroyed account key both leave the data
 * unreadable, and no key is on disk in the clear.
 */
class KeyringTest {
  @TempDir Path dir;

  private static String randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  private FileStore stream(AccountKeys keys) throws StoreException {
    return FileStore.open(
        dir.resolve("streams/orders"), FileIo.NIO, 1 << 20, StoreLimits.NONE, keys);
  }

  @Test
  void keysSurviveARestartAndRotationsAreKept() throws Exception {
    MasterKey master = MasterKey.aes(randomKey(), "test master");
    Keyring ring = new Keyring(dir.resolve("keys"), master);
    AccountKeys keys = ring.forAccount("ACME");
    try (FileStore s = stream(keys)) {
      s.append("o", null, "before rotation".getBytes(), 1).get();
      assertThat(keys.rotate()).isEqualTo(2);
      s.append("o", null, "after rotation".getBytes(), 2).get();
    }
    AccountKeys again = new Keyring(dir.resolve("keys"), master).forAccount("ACME");
    assertThat(again.current().version()).isEqualTo(2);
    try (FileStore s = stream(again)) {
      assertThat(s.get(1).payload()).isEqualTo("before rotation".getBytes());
      assertThat(s.get(2).payload()).isEqualTo("after rotation".getBytes());
    }
    String file = Files.readString(dir.resolve("keys/ACME.keys"), StandardCharsets.US_ASCII);
    for (int v = 1; v <= 2; v++) {
      String clear = Base64.getEncoder().encodeToString(again.version(v).key().getEncoded());
      assertThat(file).as("key v" + v + " is not stored in the clear").doesNotContain(clear);
    }
  }

  @Test
  void retiredVersionsAreGoneFromTheFile() throws Exception {
    MasterKey master = MasterKey.aes(randomKey(), "test master");
    AccountKeys keys = new Keyring(dir.resolve("retire"), master).forAccount("ACME");
    keys.rotate();
    keys.rotate();
    assertThat(keys.versions()).containsExactly(1, 2, 3);
    assertThat(keys.retireOlderVersions()).isEqualTo(2);
    assertThat(keys.versions()).containsExactly(3);
    assertThat(keys.version(1)).isNull();
    AccountKeys again = new Keyring(dir.resolve("retire"), master).forAccount("ACME");
    assertThat(again.versions()).containsExactly(3);
    assertThat(again.current().key().getEncoded()).isEqualTo(keys.current().key().getEncoded());
  }

  @Test
  void theWrongMasterKeyOpensNothing() throws Exception {
    Keyring ring = new Keyring(dir.resolve("keys"), MasterKey.aes(randomKey(), "first"));
    try (FileStore s = stream(ring.forAccount("ACME"))) {
      s.append("o", null, "x".getBytes(), 1).get();
    }
    byte[] before = Files.readAllBytes(dir.resolve("keys/ACME.keys"));
    Keyring other = new Keyring(dir.resolve("keys"), MasterKey.aes(randomKey(), "second master"));
    assertThatThrownBy(() -> other.forAccount("ACME"))
        .isInstanceOf(MasterKey.WrongMasterKey.class)
        .hasMessageContaining("second master does not open the data key of")
        .hasMessageContaining("ACME");
    assertThat(Files.readAllBytes(dir.resolve("keys/ACME.keys"))).isEqualTo(before);
  }

  @Test
  void destroyingAnAccountsKeysShredsItsStreams() throws Exception {
    MasterKey master = MasterKey.aes(randomKey(), "test master");
    Keyring ring = new Keyring(dir.resolve("keys"), master);
    try (FileStore s = stream(ring.forAccount("GONE"))) {
      s.append("o", null, "shred-me".getBytes(), 1).get();
    }
    ring.destroy("GONE");
    assertThat(dir.resolve("keys/GONE.keys")).doesNotExist();
    // A new key made later for the same name opens none of the old records: they fail
    // authentication, are counted as damage and are never served.
    try (FileStore s = stream(new Keyring(dir.resolve("keys"), master).forAccount("GONE"))) {
      assertThat(s.get(1)).isNull();
      assertThat(s.state().corrupt()).isEqualTo(1);
      assertThat(s.state().msgs()).isZero();
    }
    byte[] segment =
        Files.readAllBytes(FileIo.NIO.list(dir.resolve("streams/orders"), ".seg").get(0));
    assertThat(new String(segment, StandardCharsets.ISO_8859_1)).doesNotContain("shred-me");
  }

  @Test
  void aRotationTheDiskRefusesChangesNothing() throws Exception {
    MasterKey master = MasterKey.aes(randomKey(), "test master");
    FaultyFileIo disk = new FaultyFileIo();
    AccountKeys keys = new Keyring(dir.resolve("keys"), master, disk).forAccount("ACME");
    disk.failWrites = new IOException("No space left on device");
    assertThatThrownBy(keys::rotate).hasMessageContaining("No space left on device");
    assertThat(keys.current().version()).isEqualTo(1);
    assertThat(keys.versions()).containsExactly(1);
    disk.failWrites = null;
    assertThat(new Keyring(dir.resolve("keys"), master).forAccount("ACME").versions())
        .containsExactly(1);
    assertThat(keys.rotate()).isEqualTo(2);
  }

  @Test
  void badMasterKeysAreRefusedWithAReason(@TempDir Path other) throws Exception {
    assertThatThrownBy(() -> MasterKey.aes("not base64!", "env TRIBUTARY_MASTER_KEY"))
        .hasMessageContaining("env TRIBUTARY_MASTER_KEY is not base64");
    assertThatThrownBy(() -> MasterKey.aes(Base64.getEncoder().encodeToString(new byte[16]), "k"))
        .hasMessageContaining("must be 32 bytes");
    Path file = other.resolve("new/master.key");
    MasterKey created = MasterKey.fromFile(file);
    assertThat(file).exists();
    // Readable by its owner only, and nothing left of how it was written.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file);
    }
    byte[] wrapped = created.wrap(new byte[32], "c");
    assertThat(MasterKey.fromFile(file).unwrap(wrapped, "c")).isEqualTo(new byte[32]);
    assertThatThrownBy(() -> created.unwrap(wrapped, "another context"))
        .isInstanceOf(MasterKey.WrongMasterKey.class);
  }
}
