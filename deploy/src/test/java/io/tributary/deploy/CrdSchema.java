package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CRD's structural schema, enough to check a rendered custom resource the way an API server's
 * validation would: known fields, types, required fields (no defaulting, no CEL rules).
 */
final class CrdSchema {
  final JsonNode crd;
  final JsonNode schema;

  private CrdSchema(JsonNode crd) {
    this.crd = crd;
    this.schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static CrdSchema of(Path file) {
    try {
      return new CrdSchema(Rendered.YAML.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String group() {
    return crd.at("/spec/group").asText();
  }

  String plural() {
    return crd.at("/spec/names/plural").asText();
  }

  String version() {
    return crd.at("/spec/versions/0/name").asText();
  }

  void assertValid(JsonNode resource) {
    assertThat(resource.path("apiVersion").asText()).isEqualTo(group() + "/" + version());
    assertThat(resource.path("kind").asText()).isEqualTo(crd.at("/spec/names/kind").asText());
    List<String> problems = new ArrayList<>();
    check(schema.at("/properties/spec"), resource.path("spec"), "spec", problems);
    assertThat(problems).as("%s against the CRD", resource.at("/metadata/name")).isEmpty();
  }

  private static void check(JsonNode s, JsonNode v, String path, List<String> problems) {
    if (s.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!(v.isTextual() || v.isIntegralNumber())) {
        problems.add(path + ": not an int or string");
      }
      return;
    }
    String type = s.path("type").asText();
    switch (type) {
      case "object" -> {
        if (!v.isObject()) {
          problems.add(path + ": not an object");
          return;
        }
        s.path("required")
            .forEach(
                r -> {
                  if (!v.has(r.asText())) {
                    problems.add(path + "." + r.asText() + ": required");
                  }
                });
        v.fields()
            .forEachRemaining(
                f -> {
                  JsonNode p = s.path("properties").path(f.getKey());
                  if (!p.isMissingNode()) {
                    check(p, f.getValue(), path + "." + f.getKey(), problems);
                  } else if (s.path("additionalProperties").isObject()) {
                    check(
                        s.path("additionalProperties"),
                        f.getValue(),
                        path + "." + f.getKey(),
                        problems);
                  } else if (!s.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                    problems.add(path + "." + f.getKey() + ": unknown field");
                  }
                });
      }
      case "array" -> {
        if (!v.isArray()) {
          problems.add(path + ": not an array");
          return;
        }
        int i = 0;
        for (JsonNode item : v) {
          check(s.path("items"), item, path + "[" + i++ + "]", problems);
        }
      }
      case "string" -> {
        if (!v.isTextual()) {
          problems.add(path + ": not a string");
        }
      }
      case "integer" -> {
        if (!v.isIntegralNumber()) {
          problems.add(path + ": not an integer");
        }
      }
      case "boolean" -> {
        if (!v.isBoolean()) {
          problems.add(path + ": not a boolean");
        }
      }
      default -> {
        // no type: anything
      }
    }
  }
}
