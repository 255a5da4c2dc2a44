package io.tributary.cli.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error the control plane answered ({@code application/problem+json}: status, code, title,
 * detail and, for invalid bodies, the fields), or one the CLI met on the way (no connection).
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String title;
  private final List<String> fieldErrors;

  public Problem(int status, String code, String title, String detail, List<String> fieldErrors) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  /** From a response: its problem+json body, or, when there is none, its status alone. */
  static Problem of(int status, JsonNode body) {
    List<String> fields = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      fields.add(e.path("field").asText() + ": " + e.path("message").asText());
    }
    String code = body.path("code").asText("http-" + status);
    String title = body.path("title").asText(reason(status));
    return new Problem(status, code, title, body.path("detail").asText(null), fields);
  }

  private static String reason(int status) {
    return switch (status) {
      case 401 -> "not signed in, or the session expired: run 'tributary login'";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 412 -> "changed by someone else since it was read";
      default -> "HTTP " + status;
    };
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** What stderr shows: {@code error: CODE: TITLE: DETAIL} and one line per invalid field. */
  public String describe() {
    StringBuilder s = new StringBuilder("error: ").append(code).append(": ").append(title);
    if (getMessage() != null && !getMessage().isBlank() && !getMessage().equals(title)) {
      s.append(": ").append(getMessage());
    }
    for (String f : fieldErrors) {
      s.append(System.lineSeparator()).append("  ").append(f);
    }
    return s.toString();
  }
}
