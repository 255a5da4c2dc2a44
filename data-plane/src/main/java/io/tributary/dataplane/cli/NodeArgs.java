package io.tributary.dataplane.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.Setting;

/**
 * {@code tributary node}'s command line, read from the {@link NodeSettings} table: {@code --name
 * VALUE} or {@code --name=VALUE} for each setting and its aliases, as Go's flag package reads
 * nats-server's ({@code -port} and {@code --p} are {@code --port} and {@code -p}; a repeated flag
 * takes its last value, a repeated JWT file adds one; a boolean flag takes {@code =false} or a
 * following {@code true}/{@code false}; {@code -DV} is {@code -D -V}). Not picocli, whose Java-5
 * classes the JVM can neither archive nor verify quickly: it added ~150 ms to every start. Picocli
 * renders {@code --help} only ({@link NodeCli#spec}).
 */
record NodeArgs(
    boolean help,
    boolean version,
    boolean test,
    Path config,
    String signal,
    Map<Setting<?>, String> settings) {
  static final String CONFIG = "--config";
  static final String SIGNAL = "--signal";
  static final String TEST = "-t";

  /** Reads the arguments; a bad one is an IllegalArgumentException that names it. */
  static NodeArgs parse(String... args) {
    boolean help = false;
    boolean version = false;
    boolean test = false;
    Path config = null;
    String signal = null;
    Map<Setting<?>, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new IllegalArgumentException("Unmatched argument at index " + i + ": '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String attached = eq < 0 ? null : arg.substring(eq + 1);
      switch (name) {
        case "-h", "--help" -> help = true;
        case "-v", "--version" -> version = true;
        case TEST -> test = true;
        case CONFIG, "-c" -> {
          config = Path.of(value(args, i, name, attached));
          i += attached == null ? 1 : 0;
        }
        case SIGNAL, "-sl" -> {
          signal = value(args, i, name, attached);
          i += attached == null ? 1 : 0;
        }
        default -> {
          Setting<?> s = setting(name);
          if (s == null && attached == null && clustered(name)) {
            for (char c : name.substring(1).toCharArray()) {
              settings.put(NodeSettings.forFlag("-" + c), "true");
            }
            continue;
          }
          if (s == null) {
            throw new IllegalArgumentException("Unknown option: '" + name + "'");
          }
          switch (s.kind()) {
            case FLAG -> {
              String v = attached;
              if (v == null && i + 1 < args.length && isBoolean(args[i + 1])) {
                v = args[++i];
              }
              settings.put(s, v == null ? "true" : v);
            }
            case JWT_FILES -> {
              String v = value(args, i, name, attached);
              i += attached == null ? 1 : 0;
              settings.merge(s, v, (a, b) -> a + "," + b);
            }
            default -> {
              settings.put(s, value(args, i, name, attached));
              i += attached == null ? 1 : 0;
            }
          }
        }
      }
    }
    return new NodeArgs(help, version, test, config, signal, settings);
  }

  // A flag as given, or with one dash more or less (Go's flag package takes either).
  private static Setting<?> setting(String name) {
    Setting<?> s = NodeSettings.forFlag(name);
    if (s == null && name.startsWith("--")) {
      s = NodeSettings.forFlag(name.substring(1));
    } else if (s == null) {
      s = NodeSettings.forFlag("-" + name);
    }
    return s;
  }

  // -DV: single-letter boolean flags written together.
  private static boolean clustered(String name) {
    if (name.length() < 3 || name.startsWith("--")) {
      return false;
    }
    for (char c : name.substring(1).toCharArray()) {
      Setting<?> s = NodeSettings.forFlag("-" + c);
      if (s == null || s.kind() != Setting.Kind.FLAG) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBoolean(String s) {
    return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
  }

  private static String value(String[] args, int i, String name, String attached) {
    if (attached != null) {
      return attached;
    }
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException("Missing required parameter for option '" + name + "'");
    }
    return args[i + 1];
  }
}
