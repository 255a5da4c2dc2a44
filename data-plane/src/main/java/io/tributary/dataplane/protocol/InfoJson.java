package io.tributary.dataplane.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the INFO line a server sends, in nats-server's field order, with the per-client fields
 * added.
 */
public final class InfoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Object> base;

  /**
   * @param version the NATS version advertised; clients gate features on it
   */
  public InfoJson(
      String serverId,
      String serverName,
      String version,
      String host,
      int port,
      int maxPayload,
      boolean authRequired,
      boolean tlsRequired,
      boolean tlsVerify,
      boolean jetstream) {
    base = new LinkedHashMap<>();
    base.put("server_id", serverId);
    base.put("server_name", serverName);
    base.put("version", version);
    base.put("proto", 1);
    base.put("go", "java" + Runtime.version().feature());
    base.put("host", host);
    base.put("port", port);
    base.put("headers", true);
    if (authRequired) {
      base.put("auth_required", true);
    }
    if (tlsRequired) {
      base.put("tls_required", true);
    }
    if (tlsVerify) {
      base.put("tls_verify", true);
    }
    base.put("max_payload", maxPayload);
    if (jetstream) {
      base.put("jetstream", true);
    }
  }

  /** The INFO line for one client, with its own payload limit. */
  public String line(long clientId, String clientIp, String nonce, int maxPayload) {
    Map<String, Object> info = new LinkedHashMap<>(base);
    info.put("max_payload", maxPayload);
    info.put("client_id", clientId);
    info.put("client_ip", clientIp);
    if (nonce != null) {
      info.put("nonce", nonce);
    }
    try {
      return "INFO " + MAPPER.writeValueAsString(info) + "\r\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
