package io.tributary.control.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control plane's connection to one node, as the system account's user, with the resolver
 * requests of a full NATS resolver: {@code $SYS.REQ.CLAIMS.UPDATE}, {@code .DELETE}, {@code .LIST}
 * and {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.LOOKUP}. It reconnects until it is closed, including
 * before it first connected; every (re)connect is reported, so that the node can be brought up to
 * date. What goes wrong on the connection (a refused login, a permissions violation, a failed
 * connect) is logged and kept as its {@link #lastError}, which push status shows.
 *
 * <p>Threads: the push worker makes requests; jnats's own threads report connects and errors (the
 * callback passed in runs on them); {@link #isConnected} and {@link #lastError} may be read from
 * any thread.
 */
final class NodeLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NodeLink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** What a node answered. */
  record Result(boolean ok, String message) {}

  private static final Duration FIRST_CONNECT_RETRY = Duration.ofMillis(500);

  private final String url;
  private final Thread connector;
  private volatile Connection connection;
  private volatile boolean closed;
  private volatile LinkError lastError;

  /**
   * @param tls the TLS context for the node's certificate, or null: the JVM's default for {@code
   *     tls://} URLs, none otherwise
   */
  NodeLink(String url, String userJwt, String userSeed, SSLContext tls, Runnable onConnected) {
    this.url = url;
    Options.Builder builder = new Options.Builder();
    if (tls != null) {
      builder.sslContext(tls);
    }
    Options options =
        builder
            .server(url)
            .authHandler(Nats.staticCredentials(userJwt.toCharArray(), userSeed.toCharArray()))
            .connectionName("tributary-control-plane")
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .connectionTimeout(Duration.ofSeconds(2))
            .ignoreDiscoveredServers()
            .noRandomize()
            .connectionListener(
                (conn, event) -> {
                  connection = conn;
                  if (event == ConnectionListener.Events.CONNECTED
                      || event == ConnectionListener.Events.RECONNECTED) {
                    LOG.infof("connected to node %s", url);
                    onConnected.run();
                  } else if (event == ConnectionListener.Events.DISCONNECTED) {
                    LOG.infof("lost node %s; reconnecting", url);
                  }
                })
            .errorListener(new Errors())
            .build();
    connector =
        Thread.ofVirtual().name("node-link " + url).start(() -> connectUntilClosed(options));
  }

  /**
   * Tries until the first connect succeeds or the link is closed; jnats reconnects by itself after
   * that. (jnats's own asynchronous connect cannot be stopped before it has connected.)
   */
  private void connectUntilClosed(Options options) {
    while (!closed) {
      try {
        Connection c = Nats.connect(options);
        connection = c;
        if (closed) {
          c.close();
        }
        return;
      } catch (IOException notThere) {
        failed(notThere.getMessage());
        try {
          Thread.sleep(FIRST_CONNECT_RETRY);
        } catch (InterruptedException e) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  String url() {
    return url;
  }

  /** The last error on this link (null if none so far); kept after the link recovers. */
  LinkError lastError() {
    return lastError;
  }

  private void failed(String message) {
    LinkError previous = lastError;
    lastError = new LinkError(Instant.now(), message);
    // a node that is down fails every half second; say so once per kind of failure
    if (previous == null || !previous.message().equals(message)) {
      LOG.warnf("node %s: %s", url, message);
    }
  }

  /** jnats's asynchronous errors: logged and kept, never swallowed. */
  private final class Errors implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      failed(error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      failed(exp.toString());
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
      failed("slow consumer");
    }
  }

  boolean isConnected() {
    Connection c = connection;
    return c != null && c.getStatus() == Connection.Status.CONNECTED;
  }

  Result update(String accountJwt) {
    return answer(request("$SYS.REQ.CLAIMS.UPDATE", accountJwt));
  }

  Result delete(String deleteRequestJwt) {
    return answer(request("$SYS.REQ.CLAIMS.DELETE", deleteRequestJwt));
  }

  /** The account keys the node holds. */
  List<String> list() {
    JsonNode data = json(request("$SYS.REQ.CLAIMS.LIST", "")).path("data");
    List<String> keys = new ArrayList<>();
    data.forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /**
   * The STATSZ reports ({@code {"server":…,"statsz":…}}) of the node and of the nodes routed to it
   * that answer within half a second, at most {@code expected}; none when not connected.
   */
  List<JsonNode> statsz(int expected) {
    Connection c = connection;
    if (!isConnected()) {
      return List.of();
    }
    try {
      List<JsonNode> out = new ArrayList<>();
      for (Message m :
          PingReplies.gather(
              c,
              "$SYS.REQ.SERVER.PING.STATSZ",
              new byte[0],
              expected,
              TIMEOUT,
              Duration.ofMillis(500))) {
        out.add(json(new String(m.getData(), StandardCharsets.UTF_8)));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (RuntimeException e) {
      LOG.debugf("no STATSZ from %s: %s", url, e.getMessage());
      return List.of();
    }
  }

  /** The account JWT the node holds for {@code key}, or an empty string. */
  String lookup(String key) {
    String body = request("$SYS.REQ.ACCOUNT." + key + ".CLAIMS.LOOKUP", "");
    return body.startsWith("ey") ? body.strip() : "";
  }

  private String request(String subject, String body) {
    Connection c = connection;
    if (!isConnected()) {
      throw new IllegalStateException("not connected to " + url);
    }
    try {
      Message reply = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
      if (reply == null) {
        throw new IllegalStateException(url + " did not answer " + subject);
      }
      return new String(reply.getData(), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Result answer(String reply) {
    JsonNode r = json(reply);
    if (r.has("error")) {
      return new Result(false, r.path("error").path("description").asText(reply));
    }
    int code = r.path("data").path("code").asInt(0);
    return new Result(code == 200, r.path("data").path("message").asText(reply));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    connector.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
