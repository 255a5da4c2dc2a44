package io.tributary.dataplane.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's address as nats-server writes it: {@code nats-route://[user:password@]host:port} (also
 * {@code nats://} or a bare {@code host:port}).
 */
public record RouteUrl(String host, int port, String user, String password) {
  /** Parses one URL; an IllegalArgumentException says what is wrong. */
  public static RouteUrl parse(String text) {
    String t = text.strip();
    if (!t.contains("://")) {
      t = "nats-route://" + t;
    }
    try {
      URI u = new URI(t);
      String scheme = u.getScheme();
      if (!scheme.equals("nats-route") && !scheme.equals("nats") && !scheme.equals("tls")) {
        throw new IllegalArgumentException("a route URL is nats-route://HOST:PORT, not " + text);
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException("a route URL needs a host and a port: " + text);
      }
      String user = null;
      String password = null;
      if (u.getRawUserInfo() != null) {
        String[] parts = u.getRawUserInfo().split(":", 2);
        user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
      }
      return new RouteUrl(u.getHost(), u.getPort(), user, password);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a route URL: " + text, e);
    }
  }

  /** A comma-separated list (blank or null: none). */
  public static List<RouteUrl> parseList(String text) {
    List<RouteUrl> urls = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          urls.add(parse(part));
        }
      }
    }
    return urls;
  }

  /** {@code host:port}, what identifies the address. */
  public String address() {
    return host + ":" + port;
  }

  /** The URL without credentials, for logs and monitoring. */
  @Override
  public String toString() {
    return "nats-route://" + address();
  }
}
