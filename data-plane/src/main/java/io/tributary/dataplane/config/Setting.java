package io.tributary.dataplane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.auth.creds.CredsFile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One node setting, declared once in {@link NodeSettings}: its name (the flag is {@code --name},
 * the YAML key {@code name} or {@code name_with_underscores}), default, documentation, and how its
 * text is read. Values are checked when they are set; a bad one is an {@link
 * IllegalArgumentException} that names the setting.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
  /** What kind of value a setting holds: how it is written on the command line and in YAML. */
  public enum Kind {
    TEXT,
    INTEGER,
    BYTES,
    DURATION,
    FLAG,
    PATH,
    /** One or more files, each holding a JWT; repeat the flag or give a YAML list. */
    JWT_FILES,
    /** A JSON value (a list of users): a YAML list or a config block gives it as JSON text. */
    JSON
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final Kind kind;
  private final String label;
  private final T defaultValue;
  private final long min;
  private final long max;
  private final String description;
  private final Function<String, T> parser;
  private int index = -1; // position in NodeSettings.ALL, where option values are kept
  private List<String> aliases = List.of();

  private Setting(
      String name,
      Kind kind,
      String label,
      T defaultValue,
      long min,
      long max,
      String description,
      Function<String, T> parser) {
    this.name = name;
    this.kind = kind;
    this.label = label;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.description = description;
    this.parser = parser;
  }

  static Setting<String> text(String name, String label, String def, String doc) {
    return new Setting<>(name, Kind.TEXT, label, def, 0, 0, doc, v -> v);
  }

  static Setting<Integer> integer(String name, int def, long min, long max, String doc) {
    return new Setting<>(
        name,
        Kind.INTEGER,
        "N",
        def,
        min,
        max,
        doc,
        v -> (int) inRange(name, whole(name, v), min, max));
  }

  /** A byte size that fits an int: a number, optionally with KB, MB or GB (powers of 1024). */
  static Setting<Integer> intBytes(String name, int def, long min, long max, String doc) {
    return new Setting<>(
        name,
        Kind.BYTES,
        "SIZE",
        def,
        min,
        max,
        doc,
        v -> (int) inRange(name, size(name, v), min, max));
  }

  static Setting<Long> bytes(String name, long def, long min, long max, String doc) {
    return new Setting<>(name, Kind.BYTES, "SIZE", def, min, max, doc, v -> size(name, v));
  }

  /** A positive duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or seconds. */
  static Setting<Duration> duration(String name, Duration def, String doc) {
    return new Setting<>(
        name, Kind.DURATION, "DURATION", def, 1, Long.MAX_VALUE, doc, v -> duration(name, v));
  }

  static Setting<Boolean> flag(String name, String doc) {
    return new Setting<>(name, Kind.FLAG, "BOOL", false, 0, 0, doc, v -> bool(name, v));
  }

  static Setting<Path> path(String name, String label, String doc) {
    return new Setting<>(name, Kind.PATH, label, null, 0, 0, doc, Path::of);
  }

  /** Files holding JWTs (bare or decorated, as nsc writes them); the value is the JWTs' text. */
  static Setting<List<String>> jwtFiles(String name, String doc) {
    return new Setting<>(name, Kind.JWT_FILES, "FILE", null, 0, 0, doc, v -> jwts(name, v));
  }

  /**
   * Users of a node without operator mode, as JSON: {@code [{"user","password","permissions"}]}.
   */
  static Setting<List<ConfiguredUser>> users(String name, String doc) {
    return new Setting<>(name, Kind.JSON, "JSON", null, 0, 0, doc, v -> userList(name, v));
  }

  /**
   * Accounts of a node without operator mode, as JSON: {@code {"NAME": {users, exports, imports}}}.
   */
  static Setting<Map<String, ConfiguredAccount>> accounts(String name, String doc) {
    return new Setting<>(name, Kind.JSON, "JSON", null, 0, 0, doc, v -> accountMap(name, v));
  }

  public String name() {
    return name;
  }

  /**
   * Also accepts nats-server's flags for this setting (e.g. {@code -p} for {@code --port}), so that
   * {@code nats-server ARGS} can become {@code tributary node ARGS}.
   */
  Setting<T> alias(String... flags) {
    this.aliases = List.of(flags);
    return this;
  }

  /** nats-server's flags for this setting, with their dashes. */
  public List<String> aliases() {
    return aliases;
  }

  public Kind kind() {
    return kind;
  }

  /** The placeholder for the value in {@code --help}. */
  public String label() {
    return label;
  }

  /** The default, or null when the setting is unset by default. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The smallest value allowed, for numbers, sizes and durations (in ms). */
  public long min() {
    return min;
  }

  /** The largest value allowed, for numbers, sizes and durations (in ms). */
  public long max() {
    return max;
  }

  /** The default as one would write it ({@code 2m}, {@code 1MB}), or null when there is none. */
  public String defaultText() {
    return defaultValue == null ? null : text(defaultValue);
  }

  /** A value in the form {@link #parse} reads. */
  public String text(T value) {
    return switch (value) {
      case Duration d -> durationText(d);
      case Integer i when kind == Kind.BYTES -> sizeText(i);
      case Long l when kind == Kind.BYTES -> sizeText(l);
      case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
      default -> String.valueOf(value);
    };
  }

  public String description() {
    return description;
  }

  /** Reads the setting's text form (a flag's argument or a YAML value). */
  public T parse(String text) {
    return check(parser.apply(text.trim()));
  }

  /** The value if it is within bounds; otherwise an error that names the setting. */
  T check(T value) {
    switch (value) {
      case Integer i -> inRange(name, i, min, max);
      case Long l -> inRange(name, l, min, max);
      case Duration d -> {
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException(name + " must be positive");
        }
      }
      default -> {}
    }
    return value;
  }

  private static long inRange(String name, long n, long min, long max) {
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  void index(int i) {
    if (index >= 0) {
      throw new IllegalStateException(name + " is declared twice");
    }
    index = i;
  }

  int index() {
    return index;
  }

  @Override
  public String toString() {
    return name;
  }

  private static String durationText(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static String sizeText(long n) {
    if (n > 0 && n % (1024 * 1024) == 0) {
      return n / (1024 * 1024) + "MB";
    } else if (n > 0 && n % 1024 == 0) {
      return n / 1024 + "KB";
    }
    return String.valueOf(n);
  }

  private static long whole(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not a whole number");
    }
  }

  static long size(String name, String v) {
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name + ": '" + v + "' is not a size like 1048576, 512KB or 64MB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "kb", "k" -> n * 1024;
      case "mb", "m" -> n * 1024 * 1024;
      case "gb", "g" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  static Duration duration(String name, String v) {
    String s = v.toLowerCase(Locale.ROOT).strip();
    if (s.matches("\\d+(\\.\\d+)?")) {
      // seconds, as nats-server reads a bare number
      return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
    }
    // Go's time.ParseDuration, which nats-server uses: 500ms, 1.5s, 1h30m, 2m3.5s
    Matcher m = DURATION.matcher(s);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos += Math.round(n * unit);
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException(
          name + ": '" + v + "' is not a duration like 500ms, 10s, 2m or 1h30m");
    }
    return Duration.ofNanos(nanos);
  }

  // Comma-separated files (a repeated flag or a YAML list is joined with commas).
  private static List<String> jwts(String name, String files) {
    List<String> out = new ArrayList<>();
    for (String file : files.split(",")) {
      if (file.strip().startsWith("eyJ")) {
        out.add(file.strip()); // the JWT itself, as nats-server's operator key also takes it
        continue;
      }
      try {
        out.add(CredsFile.findJwt(Files.readString(Path.of(file.trim()))));
      } catch (IOException e) {
        throw new IllegalArgumentException(name + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static List<ConfiguredUser> userList(String name, String json) {
    try {
      return List.of(new ObjectMapper().readValue(json, ConfiguredUser[].class));
    } catch (JsonProcessingException e) { // a user without a name or password included
      throw new IllegalArgumentException(name + ": not a JSON list of users: " + e.getMessage());
    }
  }

  private static Map<String, ConfiguredAccount> accountMap(String name, String json) {
    try {
      return Map.copyOf(
          new ObjectMapper()
              .readValue(json, new TypeReference<LinkedHashMap<String, ConfiguredAccount>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": not a JSON map of accounts: " + e.getMessage());
    }
  }

  private static boolean bool(String name, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(name + ": '" + v + "' is not true or false");
    };
  }
}
