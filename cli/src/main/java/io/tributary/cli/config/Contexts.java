package io.tributary.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Where the CLI keeps its sessions, like kubectl's contexts: {@code
 * $XDG_CONFIG_HOME/tributary/config.json} (or {@code ~/.config/tributary/config.json}, or {@code
 * $TRIBUTARY_CONFIG}), readable by its owner only (the directory 0700, the file 0600), written
 * atomically. Each context is a control plane URL, its bearer token and a default account.
 */
public final class Contexts {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** One session. {@code expiresAt} is null for an API token that does not expire. */
  public record Context(
      String url, String token, String username, String expiresAt, String account) {
    public Context withAccount(String account) {
      return new Context(url, token, username, expiresAt, account);
    }
  }

  /** The file's content. */
  public record State(String current, Map<String, Context> contexts) {
    public State {
      contexts = new TreeMap<>(contexts == null ? Map.of() : contexts);
    }
  }

  private final Path file;

  public Contexts(Path file) {
    this.file = file;
  }

  /** The file the environment points at. */
  public static Contexts fromEnvironment() {
    String explicit = System.getenv("TRIBUTARY_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return new Contexts(Path.of(explicit));
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path dir =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return new Contexts(dir.resolve("tributary").resolve("config.json"));
  }

  public Path file() {
    return file;
  }

  public State read() {
    if (!Files.exists(file)) {
      return new State(null, Map.of());
    }
    try {
      return JSON.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The context named {@code name}, or the current one when name is null. */
  public Optional<Map.Entry<String, Context>> find(String name) {
    State s = read();
    String n = name != null ? name : s.current();
    if (n == null || !s.contexts().containsKey(n)) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(n, s.contexts().get(n)));
  }

  public void write(State state) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.exists(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw new IOException("another tributary command is writing " + file, e);
      }
      JSON.writeValue(tmp.toFile(), state);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
