package io.tributary.dataplane.system;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tributary.dataplane.client.ClientSnapshot;

/**
 * Account advisories in the system account, with nats-server's subjects and JSON: {@code
 * $SYS.ACCOUNT.<id>.CONNECT} after a client authenticated and {@code $SYS.ACCOUNT.<id>.DISCONNECT}
 * when it closed, with its message and byte counts and the close reason.
 */
final class AccountEvents {
  private final SystemPublisher publisher;

  AccountEvents(SystemPublisher publisher) {
    this.publisher = publisher;
  }

  void connected(ClientSnapshot c) {
    Map<String, Object> e = event("io.nats.server.advisory.v1.client_connect", c, false);
    publish("$SYS.ACCOUNT." + c.account() + ".CONNECT", e);
  }

  void disconnected(ClientSnapshot c) {
    Map<String, Object> e = event("io.nats.server.advisory.v1.client_disconnect", c, true);
    // From the client's side, as nats-server counts them: "sent" is what the client published.
    e.put("sent", Map.of("msgs", c.inMsgs(), "bytes", c.inBytes()));
    e.put("received", Map.of("msgs", c.outMsgs(), "bytes", c.outBytes()));
    e.put("reason", c.closeReason() == null ? "Client Closed" : c.closeReason());
    publish("$SYS.ACCOUNT." + c.account() + ".DISCONNECT", e);
  }

  private Map<String, Object> event(String type, ClientSnapshot c, boolean stopped) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("id", UUID.randomUUID().toString().replace("-", ""));
    e.put("timestamp", Instant.now().toString());
    e.put("server", publisher.identity());
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("start", c.start().toString());
    if (stopped) {
      client.put("stop", Instant.now().toString());
    }
    client.put("host", c.remoteIp());
    client.put("id", c.id());
    client.put("acc", c.account());
    putIfSet(client, "user", c.user());
    putIfSet(client, "name", c.name());
    putIfSet(client, "lang", c.lang());
    putIfSet(client, "ver", c.version());
    putIfSet(client, "jwt", c.jwt());
    putIfSet(client, "issuer_key", c.issuerKey());
    putIfSet(client, "name_tag", c.nameTag()); // the user JWT's name, as nats-server 2.9 sends it
    client.put("kind", "Client");
    client.put("client_type", "nats");
    e.put("client", client);
    return e;
  }

  private void publish(String subject, Map<String, Object> event) {
    publisher.publish(subject, event);
  }

  private static void putIfSet(Map<String, Object> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }
}
