package io.tributary.control.api;

/**
 * The version an {@code If-Match} header names ({@code "3"} or {@code 3}). A weak ETag ({@code
 * W/"3"}) is refused: If-Match compares strongly (RFC 9110), and this API gives out only strong
 * ones.
 */
public final class IfMatch {
  private IfMatch() {}

  /** The version; 428 without the header. */
  public static long required(String header) {
    if (header == null || header.isBlank()) {
      throw ApiProblem.PRECONDITION_REQUIRED.exception(
          "send If-Match with the version you read (the ETag)");
    }
    return parse(header);
  }

  /** The version, or null without the header. */
  public static Long optional(String header) {
    return header == null || header.isBlank() ? null : parse(header);
  }

  private static long parse(String header) {
    if (header.strip().startsWith("W/")) {
      throw ApiProblem.BAD_IF_MATCH.exception("If-Match takes the strong ETag you read, not W/");
    }
    try {
      return Long.parseLong(header.strip().replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ApiProblem.BAD_IF_MATCH.exception("If-Match must be the ETag you read");
    }
  }
}
