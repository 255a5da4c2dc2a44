package io.tributary.dataplane.system;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.dataplane.account.InternalClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Publishes the node's JSON messages (responses, advisories, stats) through an internal client: the
 * system services' in the system account, or a monitoring client in a tenant's account.
 */
final class SystemPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final InternalClient client;
  private final ServerIdentity server;

  SystemPublisher(InternalClient client, ServerIdentity server) {
    this.client = client;
    this.server = server;
  }

  InternalClient client() {
    return client;
  }

  /** {@code {"server": <identity>, key: value}}, the shape of nats-server's responses. */
  Map<String, Object> envelope(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server", server.json());
    m.put(key, value);
    return m;
  }

  /** The {@code server} object with the next sequence number. */
  Map<String, Object> identity() {
    return server.json();
  }

  /** Publishes {@code body} as JSON on {@code subject}. */
  void publish(String subject, Object body) {
    publish(subject, json(body));
  }

  /** Answers a request with {@code body} as JSON. */
  void reply(String replySubject, Object body) {
    client.reply(replySubject, json(body));
  }

  /** Publishes raw bytes on {@code subject}, if it is a valid literal subject. */
  void publish(String subject, byte[] data) {
    client.publish(subject, data);
  }

  private static byte[] json(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
