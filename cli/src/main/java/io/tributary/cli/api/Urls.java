package io.tributary.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments and query values. */
final class Urls {
  private Urls() {}

  /**
   * {@code value} as one path segment or query value ({@code +} for a space would be wrong in a
   * path).
   */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
