package io.tributary.dataplane.system;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.protocol.InternedSubject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Publishes the node's JSON messages (responses, advisories, stats) in the system account. */
final class SystemPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Account system;
  private final ServerIdentity server;

  SystemPublisher(Account system, ServerIdentity server) {
    this.system = system;
    this.server = server;
  }

  Account system() {
    return system;
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

  /** Publishes raw bytes on {@code subject}, if it is a valid literal subject. */
  void publish(String subject, byte[] data) {
    if (subject != null && Subjects.isValidLiteral(subject)) {
      system.route(
          null,
          new InternedSubject(subject, subject.getBytes(StandardCharsets.UTF_8)),
          null,
          data,
          0,
          data.length,
          -1);
    }
  }

  private static byte[] json(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
