package io.tributary.dataplane.protocol;

import java.util.LinkedHashMap;
import java.util.List;
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
  private volatile List<String> connectUrls = List.of(); // the cluster's client URLs
  private volatile String cluster; // the cluster's name, when the node has routes
  private volatile boolean lameDuck;

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

  /**
   * The client URLs of every node of the cluster (this one's included) that clients may reconnect
   * to, and the cluster's name; sent in every INFO from now on.
   */
  public void cluster(String name, List<String> urls) {
    this.cluster = name;
    this.connectUrls = List.copyOf(urls);
  }

  /** From now on every INFO says the node is in lame-duck mode ({@code "ldm":true}). */
  public void lameDuck() {
    this.lameDuck = true;
  }

  /** The INFO line for one client, with its own payload limit. */
  public String line(long clientId, String clientIp, String nonce, int maxPayload) {
    Map<String, Object> info = new LinkedHashMap<>(base);
    info.put("max_payload", maxPayload);
    if (cluster != null) {
      info.put("cluster", cluster);
    }
    if (!connectUrls.isEmpty()) {
      info.put("connect_urls", connectUrls);
    }
    if (lameDuck) {
      info.put("ldm", true);
    }
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
