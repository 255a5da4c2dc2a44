package io.tributary.dataplane.monitor;

import io.vertx.core.http.HttpServerRequest;

/**
 * The query parameters monitoring endpoints share: paging, subscription detail, an account filter.
 */
record Query(int offset, int limit, boolean subs, boolean subsDetail, String account) {
  static final int DEFAULT_LIMIT = 1024;

  static Query of(HttpServerRequest req) {
    String subs = req.getParam("subs", "");
    return new Query(
        number(req.getParam("offset"), 0, "offset"),
        number(req.getParam("limit"), DEFAULT_LIMIT, "limit"),
        subs.equals("1") || subs.equalsIgnoreCase("true") || subs.equalsIgnoreCase("detail"),
        subs.equalsIgnoreCase("detail"),
        req.getParam("acc"));
  }

  private static int number(String value, int dflt, String name) {
    if (value == null || value.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a non-negative number, got \"" + value + "\"");
    }
  }
}
