package io.tributary.dataplane.system;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who sends system messages: the {@code server} object of every resolver response and advisory,
 * with one sequence number per node, as nats-server's {@code ServerInfo}.
 */
public final class ServerIdentity {
  private final String name;
  private final String host;
  private final String id;
  private final String version;
  private final AtomicLong seq = new AtomicLong();

  public ServerIdentity(String name, String host, String id, String version) {
    this.name = name;
    this.host = host;
    this.id = id;
    this.version = version;
  }

  String id() {
    return id;
  }

  /** The {@code server} object, with the next sequence number. */
  Map<String, Object> json() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("host", host);
    s.put("id", id);
    s.put("ver", version);
    s.put("seq", seq.incrementAndGet());
    s.put("jetstream", false);
    s.put("time", Instant.now().toString());
    return s;
  }
}
