package io.tributary.control.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.tributary.dataplane.config.NatsServerConfig;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.TestServer;

/**
 * Our node in this JVM, in operator mode from the control plane's own server configuration (with
 * JetStream when asked), registered with the control plane as a cluster of its own while it runs,
 * so that accounts are pushed to it.
 */
public final class ManagedNode implements AutoCloseable {
  private final TestServer node;
  private final Path dir;
  private final String cluster;
  private final String adminToken;
  private final int apiPort; // RestAssured's is reset once a test class is done

  private ManagedNode(TestServer node, Path dir, String cluster, String adminToken) {
    this.node = node;
    this.dir = dir;
    this.cluster = cluster;
    this.adminToken = adminToken;
    this.apiPort = RestAssured.port;
  }

  /** Starts the node and registers it as {@code cluster}, as {@code adminToken}'s user. */
  public static ManagedNode start(String adminToken, String cluster, boolean jetStream) {
    try {
      Path dir = Files.createTempDirectory("managed-node");
      Path conf = dir.resolve("node.conf");
      String config =
          jetStream
              ? NatsClients.jetStreamServerConfig(adminToken)
              : NatsClients.serverConfig(adminToken);
      Files.writeString(conf, config.replace("$DIR", dir.toString()));
      var settings = NatsServerConfig.read(conf);
      TestServer node =
          TestServer.start(
              b -> {
                settings.forEach(b::parse);
                return b.set(NodeSettings.HOST, "127.0.0.1")
                    .set(NodeSettings.PORT, NodeSettings.RANDOM_PORT)
                    .set(NodeSettings.HTTP_PORT, NodeSettings.RANDOM_PORT);
              });
      Api.as(adminToken)
          .body(Map.of("name", cluster, "urls", List.of(node.url())))
          .post("/api/v1/clusters")
          .then()
          .statusCode(201);
      return new ManagedNode(node, dir, cluster, adminToken);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return node.url();
  }

  public String cluster() {
    return cluster;
  }

  /** Deregisters the cluster (later tests' accounts are not placed on a stopped node), stops it. */
  @Override
  public void close() {
    Api.as(apiPort, adminToken).delete("/api/v1/clusters/" + cluster).then().statusCode(204);
    node.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
