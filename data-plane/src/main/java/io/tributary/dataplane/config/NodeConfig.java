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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.auth.creds.CredsFile;
import io.tributary.dataplane.server.ServerOptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The node's settings by name, as flags ({@code --http-port}) and YAML config keys ({@code
 * http-port} or {@code http_port}) share them. {@link #apply} sets them on a {@link
 * ServerOptions.Builder}; an unknown name or a bad value is an {@link IllegalArgumentException}
 * that says which.
 */
public final class NodeConfig {
  /** Every setting name, in kebab case. */
  public static final Set<String> KEYS =
      Set.of(
          "host",
          "port",
          "http-port",
          "store-dir",
          "server-name",
          "max-payload",
          "max-control-line",
          "max-connections",
          "max-subscriptions",
          "max-pending",
          "ping-interval",
          "max-pings-out",
          "write-deadline",
          "auth-timeout",
          "auth-token",
          "user",
          "password",
          "event-loops",
          "tls-cert",
          "tls-key",
          "tls-ca",
          "tls-verify",
          "operator",
          "system-account",
          "resolver-dir",
          "resolver-preload");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?", Pattern.CASE_INSENSITIVE);

  private NodeConfig() {}

  /** Reads a YAML file of settings; keys are normalised to kebab case. */
  public static Map<String, String> readYaml(Path file) {
    Object tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config " + file + ": " + firstLine(e.getMessage()));
    }
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("config " + file + " must be a map of settings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey()).replace('_', '-').toLowerCase(Locale.ROOT);
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown config key '" + e.getKey() + "' in " + file);
      }
      if (key.equals("operator") && e.getValue() instanceof Iterable<?> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(String.valueOf(f)));
        out.put(key, String.join(",", names)); // several trusted operators
        continue;
      }
      if (e.getValue() instanceof Map || e.getValue() instanceof Iterable) {
        throw new IllegalArgumentException("config key '" + e.getKey() + "' needs a single value");
      }
      out.put(key, e.getValue() == null ? null : String.valueOf(e.getValue()));
    }
    return out;
  }

  /** Applies settings to a builder. */
  public static ServerOptions.Builder apply(ServerOptions.Builder b, Map<String, String> settings) {
    String user = null;
    String password = null;
    String tlsCert = null;
    String tlsKey = null;
    String tlsCa = null;
    boolean tlsVerify = false;
    String operators = null;
    String systemAccount = null;
    String resolverDir = null;
    String preload = null;
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (v == null) {
        continue;
      }
      switch (k) {
        case "host" -> b.host(v);
        case "port" -> b.port(integer(k, v));
        case "http-port" -> b.httpPort(integer(k, v));
        case "store-dir" -> b.storeDir(Path.of(v));
        case "server-name" -> b.serverName(v);
        case "max-payload" -> b.maxPayload((int) size(k, v));
        case "max-control-line" -> b.maxControlLine((int) size(k, v));
        case "max-connections" -> b.maxConnections(integer(k, v));
        case "max-subscriptions" -> b.maxSubscriptions(integer(k, v));
        case "max-pending" -> b.maxPending(size(k, v));
        case "ping-interval" -> b.pingInterval(duration(k, v));
        case "max-pings-out" -> b.maxPingsOut(integer(k, v));
        case "write-deadline" -> b.writeDeadline(duration(k, v));
        case "auth-timeout" -> b.authTimeout(duration(k, v));
        case "auth-token" -> b.authToken(v);
        case "user" -> user = v;
        case "password" -> password = v;
        case "event-loops" -> b.eventLoops(integer(k, v));
        case "tls-cert" -> tlsCert = v;
        case "tls-key" -> tlsKey = v;
        case "tls-ca" -> tlsCa = v;
        case "tls-verify" -> tlsVerify = bool(k, v);
        case "operator" -> operators = v;
        case "system-account" -> systemAccount = v;
        case "resolver-dir" -> resolverDir = v;
        case "resolver-preload" -> preload = v;
        default -> throw new IllegalArgumentException("unknown setting '" + k + "'");
      }
    }
    if (user != null || password != null) {
      b.userPassword(user, password);
    }
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new IllegalArgumentException("tls-cert and tls-key go together");
      }
      b.tls(
          new ServerOptions.TlsOptions(
              Path.of(tlsCert), Path.of(tlsKey), tlsCa == null ? null : Path.of(tlsCa), tlsVerify));
    } else if (tlsCa != null || tlsVerify) {
      throw new IllegalArgumentException("tls-ca and tls-verify need tls-cert and tls-key");
    }
    if (operators != null) {
      if (resolverDir == null) {
        throw new IllegalArgumentException(
            "operator mode needs resolver-dir (where account JWTs are kept)");
      }
      List<String> jwts = new ArrayList<>();
      for (String file : operators.split(",")) {
        jwts.add(readJwt("operator", file.trim()));
      }
      b.operator(
          new ServerOptions.OperatorOptions(
              jwts,
              systemAccount,
              Path.of(resolverDir),
              preload == null ? null : Path.of(preload)));
    } else if (systemAccount != null || resolverDir != null || preload != null) {
      throw new IllegalArgumentException(
          "system-account, resolver-dir and resolver-preload need operator");
    }
    return b;
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or a plain number of seconds. */
  static Duration duration(String key, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + ": '" + v + "' is not a duration like 500ms, 10s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** A byte size: a number, optionally with KB, MB or GB (powers of 1024). */
  static long size(String key, String v) {
    Matcher m = SIZE.matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + ": '" + v + "' is not a size like 1048576, 512KB or 64MB");
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

  // A JWT file: the bare token or a decorated one (as nsc writes them).
  private static String readJwt(String key, String file) {
    try {
      return CredsFile.findJwt(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private static boolean bool(String key, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(key + ": '" + v + "' is not true or false");
    };
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
