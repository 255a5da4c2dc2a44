package io.tributary.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control plane's OpenAPI document as the build bundled it ({@code openapi.json} next to this
 * class, written by the control plane's build): which operations exist and what their request
 * bodies hold, so that {@code --set path=value} is checked and typed by the API's own schema.
 */
public final class OpenApi {
  private static final String RESOURCE = "openapi.json";
  private static OpenApi bundled;

  private final JsonNode document;

  OpenApi(JsonNode document) {
    this.document = document;
  }

  /** The document bundled with this build. */
  public static synchronized OpenApi bundled() {
    if (bundled == null) {
      try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "the CLI was built without the control plane's " + RESOURCE);
        }
        bundled = new OpenApi(new ObjectMapper().readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundled;
  }

  /** Every operation of the document. */
  public Set<Endpoint> endpoints() {
    Set<Endpoint> all = new LinkedHashSet<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> all.add(new Endpoint(method.toUpperCase(), path.getKey()))));
    return all;
  }

  /** The JSON schema of {@code endpoint}'s request body, if it takes one. */
  public Optional<Schema> requestBody(Endpoint endpoint) {
    JsonNode content =
        document
            .path("paths")
            .path(endpoint.path())
            .path(endpoint.method().toLowerCase())
            .path("requestBody")
            .path("content");
    Iterator<JsonNode> types = content.elements();
    return types.hasNext() ? Optional.of(schema(types.next().path("schema"))) : Optional.empty();
  }

  private Schema schema(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.startsWith("#/components/schemas/")) {
      String name = ref.substring("#/components/schemas/".length());
      return new Schema(name, document.path("components").path("schemas").path(name));
    }
    return new Schema(node.path("type").asText("value"), node);
  }

  /** A schema of the document, with {@code $ref}s followed on the way down. */
  public final class Schema {
    private final String name;
    private final JsonNode node;

    Schema(String name, JsonNode node) {
      this.name = name;
      this.node = node;
    }

    public String name() {
      return name;
    }

    /** {@code object}, {@code array}, {@code string}, {@code integer}, {@code boolean}, … */
    public String type() {
      return node.has("properties") ? "object" : node.path("type").asText("value");
    }

    /** The property {@code field} of this object schema. */
    public Optional<Schema> property(String field) {
      JsonNode p = node.path("properties").path(field);
      return p.isMissingNode() ? Optional.empty() : Optional.of(schema(p));
    }

    /** The property names of this object schema, in the document's order. */
    public List<String> properties() {
      List<String> names = new ArrayList<>();
      node.path("properties").fieldNames().forEachRemaining(names::add);
      return names;
    }

    /** The schema of this array's items. */
    public Schema items() {
      return schema(node.path("items"));
    }
  }
}
