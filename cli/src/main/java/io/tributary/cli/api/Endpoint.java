package io.tributary.cli.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the control plane's REST API, as its OpenAPI document names it: a method and a
 * path template ({@code POST /api/v1/accounts/{account}/users}). Every one the CLI calls is a
 * constant of {@link Endpoints}, checked against the bundled document by the build.
 */
public record Endpoint(String method, String path) {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  /** {@code "METHOD /path/{param}"}. */
  public static Endpoint of(String operation) {
    int space = operation.indexOf(' ');
    return new Endpoint(operation.substring(0, space), operation.substring(space + 1));
  }

  /** The path with each {@code {parameter}} replaced by its URL-encoded value. */
  public String expand(Map<String, String> parameters) {
    Matcher m = PARAMETER.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = parameters.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(this + " needs path parameter " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(Urls.encode(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
