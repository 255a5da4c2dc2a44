package io.tributary.dataplane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A node's YAML config file: a map of {@link NodeSettings} names ({@code http-port} or {@code
 * http_port}) to values, a list for a setting that takes several files. An unknown key or a value
 * of the wrong shape is an {@link IllegalArgumentException} that names the key and the file.
 */
public final class NodeConfigFile {
  private NodeConfigFile() {}

  /** The file's settings with their text, in file order. */
  public static Map<Setting<?>, String> read(Path file) {
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
    Map<Setting<?>, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Setting<?> setting = NodeSettings.named(String.valueOf(e.getKey()));
      if (setting == null) {
        throw new IllegalArgumentException("unknown config key '" + e.getKey() + "' in " + file);
      }
      Object value = e.getValue();
      if (value == null) {
        continue;
      }
      if (setting.kind() == Setting.Kind.JWT_FILES && value instanceof Iterable<?> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(String.valueOf(f)));
        out.put(setting, String.join(",", names));
      } else if (setting.kind() == Setting.Kind.JSON && !(value instanceof String)) {
        try {
          out.put(setting, new ObjectMapper().writeValueAsString(value));
        } catch (IOException ex) {
          throw new IllegalArgumentException("config key '" + e.getKey() + "': " + ex.getMessage());
        }
      } else if (value instanceof Map || value instanceof Iterable) {
        throw new IllegalArgumentException("config key '" + e.getKey() + "' needs a single value");
      } else {
        out.put(setting, String.valueOf(value));
      }
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
