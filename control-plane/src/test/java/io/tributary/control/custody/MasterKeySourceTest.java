package io.tributary.control.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeySourceTest {
  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 =
      Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');

  @Test
  void aBareKeyIsVersionOneAndTheHighestVersionIsCurrent() {
    assertThat(MasterKeySource.parse(K1, "x").keySet()).containsExactly(1);
    var ring = MasterKeySource.parse("1:" + K1 + ", 2:" + K2, "x");
    assertThat(ring.keySet()).containsExactly(1, 2);
    assertThat(new MasterKeySource.Keyring(ring, Optional.empty()).current()).isEqualTo(2);
  }

  @Test
  void badKeyringsSayWhatIsWrong() {
    assertThatThrownBy(() -> MasterKeySource.parse("1:" + K1 + "\n1:" + K2, "cfg"))
        .hasMessage("cfg: master key version 1 appears twice");
    assertThatThrownBy(() -> MasterKeySource.parse("one:" + K1, "cfg"))
        .hasMessage("cfg: a master key version must be a number");
    assertThatThrownBy(() -> MasterKeySource.parse("c2hvcnQ=", "cfg"))
        .hasMessage("cfg: the master key must be 32 bytes, not 5");
    assertThatThrownBy(() -> MasterKeySource.parse("not base64!", "cfg"))
        .hasMessage("cfg: the master key is not valid base64");
    assertThatThrownBy(() -> MasterKeySource.parse(" \n", "cfg")).hasMessage("cfg: no master key");
  }

  @Test
  void aFileKeyringIsCreatedRotatedAndPruned(@TempDir Path dir) throws Exception {
    var ring = MasterKeySource.load(Optional.empty(), Optional.empty(), dir);
    assertThat(ring.current()).isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(dir.resolve("master.key")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    var rotated = ring.with(MasterKeySource.generate());
    assertThat(MasterKeySource.load(Optional.empty(), Optional.empty(), dir).keys().keySet())
        .containsExactly(1, 2);
    rotated.retaining(Set.of(2));
    assertThat(Files.readString(dir.resolve("master.key"))).startsWith("2:").hasLineCount(1);
    assertThat(Files.getPosixFilePermissions(dir.resolve("master.key")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    try (var files = Files.list(dir)) { // each write went through a temporary file, renamed
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("master.key");
    }
  }
}
