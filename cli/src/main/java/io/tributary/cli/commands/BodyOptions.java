package io.tributary.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tributary.cli.api.Endpoint;
import io.tributary.cli.api.OpenApi;
import io.tributary.cli.api.OpenApi.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A request body beyond a command's own flags: {@code -f FILE} (JSON or YAML, {@code -} for stdin)
 * and {@code --set path=value}, whose path and type come from the API's schema for that request.
 */
public final class BodyOptions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The request body from a JSON or YAML file ('-' for stdin); flags override it.")
  String file;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description =
          "Set a field of the request body, e.g. limits.conn=100, permissions.pub.allow=a.>,b.>"
              + " (lists comma-separated). Fields and types as in the API's OpenAPI document.")
  List<String> sets = new ArrayList<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** True if neither -f nor --set was given. */
  boolean isEmpty() {
    return file == null && sets.isEmpty();
  }

  /** The body for {@code endpoint}: the file, then {@code flags}, then each --set. */
  ObjectNode build(Endpoint endpoint, ObjectNode flags, InputStream stdin) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (file != null) {
      JsonNode read;
      try {
        read =
            file.equals("-")
                ? YAML.readTree(stdin)
                : YAML.readTree(Files.readAllBytes(Path.of(file)));
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
      }
      if (!(read instanceof ObjectNode o)) {
        throw new ParameterException(
            spec.commandLine(), file + " does not hold a JSON/YAML object");
      }
      body.setAll(o);
    }
    deepMerge(body, flags);
    Schema schema =
        OpenApi.bundled()
            .requestBody(endpoint)
            .orElseThrow(() -> new IllegalStateException(endpoint + " takes no body"));
    for (String set : sets) {
      set(body, schema, set);
    }
    return body;
  }

  private void set(ObjectNode body, Schema schema, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--set takes PATH=VALUE, not '" + assignment + "'");
    }
    String[] path = assignment.substring(0, eq).split("\\.");
    String value = assignment.substring(eq + 1);
    ObjectNode target = body;
    Schema s = schema;
    for (int i = 0; i < path.length; i++) {
      Schema parent = s;
      s =
          parent
              .property(path[i])
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--set "
                              + assignment.substring(0, eq)
                              + ": no such field in "
                              + parent.name()
                              + " (it has: "
                              + String.join(", ", parent.properties())
                              + ")"));
      if (i < path.length - 1) {
        if (!s.type().equals("object")) {
          throw new ParameterException(
              spec.commandLine(), "--set: " + path[i] + " is a " + s.type() + ", not an object");
        }
        target =
            target.has(path[i]) && target.get(path[i]).isObject()
                ? (ObjectNode) target.get(path[i])
                : target.putObject(path[i]);
      } else {
        target.set(path[i], value(s, path[i], value));
      }
    }
  }

  private JsonNode value(Schema s, String field, String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    try {
      return switch (s.type()) {
        case "integer" -> f.numberNode(Long.parseLong(text.trim()));
        case "number" -> f.numberNode(new java.math.BigDecimal(text.trim()));
        case "boolean" -> {
          if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("true or false");
          }
          yield f.booleanNode(Boolean.parseBoolean(text));
        }
        case "array" -> {
          if (text.startsWith("[")) {
            yield JSON.readTree(text);
          }
          ArrayNode a = f.arrayNode();
          if (!text.isEmpty()) {
            for (String item : text.split(",")) {
              a.add(value(s.items(), field, item));
            }
          }
          yield a;
        }
        case "object" -> JSON.readTree(text);
        default -> f.textNode(text);
      };
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--set " + field + ": '" + text + "' is not a valid " + s.type());
    }
  }

  /** Copies {@code from} into {@code into}, merging nested objects. */
  static void deepMerge(ObjectNode into, ObjectNode from) {
    from.properties()
        .forEach(
            e -> {
              JsonNode mine = into.get(e.getKey());
              if (mine instanceof ObjectNode m && e.getValue() instanceof ObjectNode o) {
                deepMerge(m, o);
              } else {
                into.set(e.getKey(), e.getValue());
              }
            });
  }
}
