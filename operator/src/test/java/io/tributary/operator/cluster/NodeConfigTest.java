package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Quantity;
import io.tributary.dataplane.config.NatsServerConfig;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

/**
 * The config file the operator writes, read by the node's own reader ({@code NatsServerConfig},
 * {@code ServerOptions}) as {@code tributary node -c} would read it in pod {@code eu-1-1}.
 */
class NodeConfigTest {
  private final TributaryCluster cluster = Fixtures.cluster("eu-1", "messaging");

  @TempDir Path dir;

  @Test
  void theNodeReadsItInOperatorModeWithRoutesToEveryPod() throws Exception {
    cluster.getSpec().jetstream.maxMemory = new Quantity("1Gi");
    cluster.getSpec().jetstream.maxFile = new Quantity("8Gi");
    ServerOptions o = read(NodeConfig.render(cluster, Fixtures.OPERATOR));

    assertThat(o.get(NodeSettings.SERVER_NAME)).isEqualTo("eu-1-1");
    assertThat(o.get(NodeSettings.PORT)).isEqualTo(4222);
    assertThat(o.get(NodeSettings.HTTP_PORT)).isEqualTo(8222);
    assertThat(o.get(NodeSettings.PID_FILE)).isEqualTo(Path.of("/var/run/tributary/node.pid"));
    assertThat(o.get(NodeSettings.LAME_DUCK_DURATION)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.get(NodeSettings.LAME_DUCK_GRACE_PERIOD)).isEqualTo(Duration.ofSeconds(10));

    assertThat(o.get(NodeSettings.OPERATOR)).containsExactly(Fixtures.OPERATOR.jwt());
    assertThat(o.get(NodeSettings.SYSTEM_ACCOUNT)).isEqualTo(Fixtures.OPERATOR.systemAccount());
    assertThat(o.get(NodeSettings.RESOLVER_DIR)).isEqualTo(Path.of("/data/jwt"));
    Path preload = o.get(NodeSettings.RESOLVER_PRELOAD);
    assertThat(Files.readString(preload.resolve(Fixtures.OPERATOR.systemAccount() + ".jwt")))
        .isEqualTo(Fixtures.OPERATOR.systemAccountJwt());

    assertThat(o.get(NodeSettings.JETSTREAM)).isTrue();
    assertThat(o.get(NodeSettings.STORE_DIR)).isEqualTo(Path.of("/data/jetstream"));
    assertThat(o.get(NodeSettings.MAX_MEMORY_STORE)).isEqualTo(1L << 30);
    assertThat(o.get(NodeSettings.MAX_FILE_STORE)).isEqualTo(8L << 30);

    assertThat(o.get(NodeSettings.CLUSTER_NAME)).isEqualTo("eu-1");
    assertThat(o.get(NodeSettings.CLUSTER)).isEqualTo("nats-route://0.0.0.0:6222");
    assertThat(List.of(o.get(NodeSettings.ROUTES).split(",")))
        .containsExactly(
            "nats-route://eu-1-0.eu-1-routes.messaging.svc:6222",
            "nats-route://eu-1-1.eu-1-routes.messaging.svc:6222",
            "nats-route://eu-1-2.eu-1-routes.messaging.svc:6222");
    assertThat(o.tls()).isNull();
  }

  @Test
  void tlsForClientsAndRoutesFromTheSecretsFiles() throws Exception {
    cluster.getSpec().tls = new TributaryClusterSpec.Tls();
    cluster.getSpec().tls.secretName = "eu-1-tls";
    cluster.getSpec().tls.verifyClients = true;
    ServerOptions o = read(NodeConfig.render(cluster, Fixtures.OPERATOR));
    assertThat(o.get(NodeSettings.TLS_CERT)).isEqualTo(Path.of("/etc/tributary/tls/tls.crt"));
    assertThat(o.get(NodeSettings.TLS_CA)).isEqualTo(Path.of("/etc/tributary/tls/ca.crt"));
    assertThat(o.get(NodeSettings.TLS_VERIFY)).isTrue();
    assertThat(o.get(NodeSettings.CLUSTER_TLS_CA)).isEqualTo(Path.of("/etc/tributary/tls/ca.crt"));
    assertThat(o.get(NodeSettings.CLUSTER_TLS_VERIFY)).isTrue();
  }

  @Test
  void jetStreamOffAndOtherPorts() throws Exception {
    cluster.getSpec().jetstream.enabled = false;
    cluster.getSpec().clientPort = 14222;
    cluster.getSpec().routePort = 16222;
    cluster.getSpec().monitoringPort = 18222;
    cluster.getSpec().controlPlane.clusterName = "eu-west";
    ServerOptions o = read(NodeConfig.render(cluster, Fixtures.OPERATOR));
    assertThat(o.get(NodeSettings.JETSTREAM)).isFalse();
    assertThat(o.get(NodeSettings.PORT)).isEqualTo(14222);
    assertThat(o.get(NodeSettings.HTTP_PORT)).isEqualTo(18222);
    assertThat(o.get(NodeSettings.CLUSTER)).isEqualTo("nats-route://0.0.0.0:16222");
    assertThat(o.get(NodeSettings.CLUSTER_NAME)).isEqualTo("eu-west");
    assertThat(o.get(NodeSettings.ROUTES)).contains("eu-1-2.eu-1-routes.messaging.svc:16222");
  }

  @Test
  void theChecksumLeavesRoutesOutSoScalingDoesNotRestartRunningNodes() throws Exception {
    List<String> args = NodeFlags.args(Map.of());
    String image = cluster.getSpec().image;
    String three =
        DesiredResources.checksum(
            NodeConfig.render(cluster, Fixtures.OPERATOR, false), args, image);
    cluster.getSpec().replicas = 5;
    assertThat(NodeConfig.render(cluster, Fixtures.OPERATOR))
        .contains("eu-1-4.eu-1-routes.messaging.svc");
    assertThat(
            DesiredResources.checksum(
                NodeConfig.render(cluster, Fixtures.OPERATOR, false), args, image))
        .isEqualTo(three);

    // What the nodes run does change it: a config override, an operator key, the image.
    List<String> overridden = NodeFlags.args(Map.of("max-payload", "4MB"));
    assertThat(
            DesiredResources.checksum(
                NodeConfig.render(cluster, Fixtures.OPERATOR, false), overridden, image))
        .isNotEqualTo(three);
    assertThat(
            DesiredResources.checksum(
                NodeConfig.render(cluster, Fixtures.OPERATOR, false), args, "tributary/node:0.2.0"))
        .isNotEqualTo(three);
    cluster.getSpec().jetstream.maxFile = new Quantity("1Gi");
    assertThat(
            DesiredResources.checksum(
                NodeConfig.render(cluster, Fixtures.OPERATOR, false), args, image))
        .isNotEqualTo(three);
  }

  // As the node reads it in pod eu-1-1 ($POD_NAME from the downward API), flags after the file.
  private ServerOptions read(String config) throws Exception {
    assertThat(config).contains("server_name: $POD_NAME\n");
    Path file = dir.resolve("node.conf");
    Files.writeString(file, config.replace("$POD_NAME", "eu-1-1"));
    ServerOptions.Builder b = ServerOptions.builder();
    NatsServerConfig.read(file).forEach(b::parse);
    return b.build();
  }
}
