package io.tributary.cli.commands;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.ApiClient.Response;
import io.tributary.cli.api.Endpoint;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ParameterException;

/** The shapes most commands share: list, show, create, edit (with If-Match) and delete. */
final class Requests {
  private Requests() {}

  /** A fresh JSON object for a command's flags. */
  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ApiClient.Call call(Connection c, Endpoint e, Map<String, String> path) {
    ApiClient.Call call = c.api().call(e);
    path.forEach(call::path);
    return call;
  }

  static int list(
      Connection c, Printing p, Endpoint e, Map<String, String> path, List<Column> columns) {
    ApiClient.Call call = call(c, e, path);
    p.out().list(c.api().listAll(call), columns);
    return 0;
  }

  static int show(Connection c, Printing p, Endpoint e, Map<String, String> path, String idField) {
    p.out().one(call(c, e, path).send().json(), idField);
    return 0;
  }

  static int create(
      Connection c,
      Printing p,
      BodyOptions body,
      Endpoint e,
      Map<String, String> path,
      ObjectNode flags,
      String idField,
      String what) {
    JsonNode created =
        call(c, e, path).body(body.build(e, flags, c.environment().stdin())).send().json();
    p.out().done("Created " + what + " " + created.path(idField).asText() + ".");
    if (!p.quiet && p.format == null) {
      return 0;
    }
    p.out().one(created, idField);
    return 0;
  }

  /**
   * Reads the resource (for its ETag, or takes {@code expectVersion}), then PATCHes {@code flags}
   * and {@code body} with If-Match: a change made by someone else in between is reported (412), not
   * overwritten.
   */
  static int edit(
      Connection c,
      Printing p,
      BodyOptions body,
      Endpoint read,
      Endpoint change,
      Map<String, String> path,
      ObjectNode flags,
      Long expectVersion,
      String idField,
      String what) {
    if (flags.isEmpty() && body.isEmpty()) {
      throw new ParameterException(
          c.spec.commandLine(), "nothing to change: give a flag, --set or -f");
    }
    String etag;
    if (expectVersion != null) {
      etag = "\"" + expectVersion + "\"";
    } else {
      Response current = call(c, read, path).send();
      etag = current.header("ETag").orElse(null);
    }
    ApiClient.Call patch =
        call(c, change, path).body(body.build(change, flags, c.environment().stdin()));
    if (etag != null) {
      patch.header("If-Match", etag);
    }
    JsonNode changed = patch.send().json();
    p.out()
        .done(
            "Changed "
                + what
                + " "
                + changed.path(idField).asText()
                + (changed.has("version")
                    ? " (version " + changed.path("version").asText() + ")."
                    : "."));
    if (p.quiet || p.format != null) {
      p.out().one(changed, idField);
    }
    return 0;
  }

  static int delete(Connection c, Printing p, Endpoint e, Map<String, String> path, String what) {
    call(c, e, path).send();
    p.out().done("Deleted " + what + ".");
    return 0;
  }

  /** Puts {@code value} at {@code field} unless it is null. */
  static void put(ObjectNode o, String field, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> l) {
      var a = o.putArray(field);
      l.forEach(v -> a.add(String.valueOf(v)));
    } else if (value instanceof Boolean b) {
      o.put(field, b);
    } else if (value instanceof Number n) {
      o.put(field, n.longValue());
    } else {
      o.put(field, String.valueOf(value));
    }
  }
}
