package io.tributary.auth.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir Path dir;

  @Test
  void aSecretIsCreatedPrivateOnceAndReplacedWhole() throws Exception {
    Path file = dir.resolve("new/deeper/master.key");
    assertThat(DurableFiles.createIfAbsent(file, bytes("first"))).isTrue();
    assertThat(Files.readString(file)).isEqualTo("first");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    // Another creator finds it there and leaves it as it is.
    assertThat(DurableFiles.createIfAbsent(file, bytes("second"))).isFalse();
    assertThat(Files.readString(file)).isEqualTo("first");

    DurableFiles.replace(file, bytes("rotated"));
    assertThat(Files.readString(file)).isEqualTo("rotated");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
