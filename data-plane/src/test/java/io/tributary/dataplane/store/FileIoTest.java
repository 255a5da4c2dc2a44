package io.tributary.dataplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real file system's seam: what the stores rely on beyond reads and writes. */
class FileIoTest {
  @TempDir Path dir;

  @Test
  void createsMissingDirectoriesAndAcceptsExistingOnes() throws Exception {
    Path deep = dir.resolve("jetstream/A/streams/S/msgs");
    FileIo.NIO.createDirectories(deep);
    assertThat(deep).isDirectory();
    FileIo.NIO.createDirectories(deep); // again: nothing to do
    FileIo.NIO.createDirectories(dir.resolve("jetstream/A/streams/T"));
    assertThat(dir.resolve("jetstream/A/streams/T")).isDirectory();
  }

  @Test
  void aFileInTheWayIsAnError() throws Exception {
    Files.writeString(dir.resolve("taken"), "x");
    assertThatThrownBy(() -> FileIo.NIO.createDirectories(dir.resolve("taken/S")))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> FileIo.NIO.createDirectories(dir.resolve("taken")))
        .isInstanceOf(FileAlreadyExistsException.class);
  }
}
