package io.tributary.operator.reconcile;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where what the control plane has differs from what the spec asks, as JSON paths: the answer's
 * shape is the request's, but it spells "not set" as null, an empty list or an empty object, and
 * the same number may come as an int or a long.
 */
public final class JsonDiff {
  private JsonDiff() {}

  /**
   * Adds to {@code out} the paths below {@code path} at which {@code actual} differs from {@code
   * desired}: objects key by key (the keys of both), anything else as a whole.
   */
  public static void diff(String path, JsonNode desired, JsonNode actual, List<String> out) {
    JsonNode d = normalize(desired);
    JsonNode a = normalize(actual);
    if (d != null && a != null && d.isObject() && a.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      d.fieldNames().forEachRemaining(keys::add);
      a.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        diff(path + "." + k, d.get(k), a.get(k), out);
      }
    } else if (d == null ? a != null : !d.equals(a)) {
      out.add(path);
    }
  }

  /** Null for what is not set (null, missing, empty list or object); integers as longs. */
  static JsonNode normalize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return JsonNodeFactory.instance.numberNode(n.asLong());
    }
    if (n.isArray()) {
      if (n.isEmpty()) {
        return null;
      }
      var array = JsonNodeFactory.instance.arrayNode();
      n.forEach(item -> array.add(normalize(item)));
      return array;
    }
    if (n.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode v = normalize(e.getValue());
        if (v != null) {
          o.set(e.getKey(), v);
        }
      }
      return o.isEmpty() ? null : o;
    }
    return n;
  }
}
