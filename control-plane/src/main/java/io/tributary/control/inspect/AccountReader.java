package io.tributary.control.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.cluster.PingReplies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One account's read-only user connected to one of its nodes: JSON requests to the JetStream API
 * and the account's monitoring subjects, with JetStream's errors turned into the API's problems. It
 * lives until its user's JWT is about to expire or it has been idle a while ({@link
 * AccountReaders}).
 */
final class AccountReader implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** JetStream's error code for a message get that finds none. */
  private static final int NO_MESSAGE = 10037;

  private final Connection connection;
  private final String node;
  private final Instant expires;
  private volatile long lastUsedNanos = System.nanoTime();

  AccountReader(Connection connection, String node, Instant expires) {
    this.connection = connection;
    this.node = node;
    this.expires = expires;
  }

  /** True while it is connected and its user has more than {@code margin} to live. */
  boolean usable(Duration margin) {
    return connection.getStatus() == Connection.Status.CONNECTED
        && Instant.now().plus(margin).isBefore(expires);
  }

  /** Nanoseconds since it was last used. */
  long idleNanos() {
    return System.nanoTime() - lastUsedNanos;
  }

  /**
   * The JetStream API's answer to {@code body} on {@code subject}, or null for "no message found";
   * its other errors as problems: not found (streams, consumers) 404, JetStream not enabled 409,
   * any other 502.
   */
  JsonNode jetStream(String subject, Object body) {
    JsonNode r = parse(request(subject, body));
    JsonNode error = r.path("error");
    if (!error.isMissingNode()) {
      int code = error.path("code").asInt();
      int errCode = error.path("err_code").asInt();
      String description = error.path("description").asText();
      if (errCode == NO_MESSAGE) {
        return null;
      }
      if (code == 404) {
        throw ApiProblem.NOT_FOUND.exception(description);
      }
      if (errCode == 10039 || errCode == 10076) { // not enabled for the account / on the server
        throw ApiProblem.JETSTREAM_DISABLED.exception(description);
      }
      throw ApiProblem.JETSTREAM_ERROR.exception(
          node + " answered " + code + " (" + errCode + "): " + description);
    }
    return r;
  }

  /**
   * Every answer to a request that each node of the account answers ({@code $SYS.REQ.ACCOUNT.PING.
   * …}): those that arrive within {@code wait} after the first, at most {@code expected}.
   */
  List<JsonNode> gather(String subject, Object body, int expected, Duration wait) {
    lastUsedNanos = System.nanoTime();
    try {
      List<Message> replies =
          PingReplies.gather(connection, subject, bytes(body), expected, TIMEOUT, wait);
      if (replies.isEmpty()) {
        throw ApiProblem.NO_NODE.exception(node + " did not answer " + subject);
      }
      return replies.stream().map(this::parse).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiProblem.NO_NODE.exception("interrupted while asking " + node);
    }
  }

  private Message request(String subject, Object body) {
    lastUsedNanos = System.nanoTime();
    try {
      Message reply = connection.request(subject, bytes(body), TIMEOUT);
      if (reply == null) {
        throw ApiProblem.NO_NODE.exception(node + " did not answer " + subject + " in time");
      }
      return reply;
    } catch (CancellationException e) { // jnats: the node said no one serves the subject
      throw ApiProblem.NO_NODE.exception(node + " has no service for " + subject);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiProblem.NO_NODE.exception("interrupted while asking " + node);
    }
  }

  private static byte[] bytes(Object body) {
    try {
      return body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private JsonNode parse(Message m) {
    if (m.isStatusMessage()) { // 503: no responders, the subject has no service on the node
      throw ApiProblem.NO_NODE.exception(
          node + " has no service for " + m.getSubject() + " (" + m.getStatus() + ")");
    }
    try {
      return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw ApiProblem.JETSTREAM_ERROR.exception(node + " answered something that is not JSON");
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
