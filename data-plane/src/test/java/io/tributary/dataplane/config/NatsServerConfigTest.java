package io.tributary.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nats-server's configuration format, read into the node's settings. */
class NatsServerConfigTest {
  @TempDir Path dir;

  private ServerOptions read(String text) throws Exception {
    Path f = Files.writeString(dir.resolve("nats.conf"), text);
    ServerOptions.Builder b = ServerOptions.builder();
    NatsServerConfig.read(f).forEach(b::parse);
    return b.build();
  }

  @Test
  void readsTheFormatsSyntax() throws Exception {
    Files.writeString(dir.resolve("limits.conf"), "max_control_line = 2048\n");
    ServerOptions o =
        read(
            """
            # a comment
            PAYLOAD: 2MB
            listen: 127.0.0.1:4333   // a trailing comment
            http_port 8333
            max_payload: $PAYLOAD
            max_connections = 100; ping_interval: "30s"
            write_deadline: 5
            include ./limits.conf
            server_name: $HOME
            authorization {
              user: "a b"
              password: 'secret'
              timeout: 3
            }
            jetstream {
              store_dir: "/tmp/js"
              max_file_store: 1GB
            }
            debug: true
            """);
    assertThat(o.get(NodeSettings.HOST)).isEqualTo("127.0.0.1");
    assertThat(o.get(NodeSettings.PORT)).isEqualTo(4333);
    assertThat(o.get(NodeSettings.HTTP_PORT)).isEqualTo(8333);
    assertThat(o.get(NodeSettings.MAX_PAYLOAD)).isEqualTo(2 << 20);
    assertThat(o.get(NodeSettings.MAX_CONNECTIONS)).isEqualTo(100);
    assertThat(o.get(NodeSettings.PING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.get(NodeSettings.WRITE_DEADLINE)).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.get(NodeSettings.MAX_CONTROL_LINE)).isEqualTo(2048);
    assertThat(o.get(NodeSettings.SERVER_NAME)).isEqualTo(System.getenv("HOME"));
    assertThat(o.get(NodeSettings.USER)).isEqualTo("a b");
    assertThat(o.get(NodeSettings.PASSWORD)).isEqualTo("secret");
    assertThat(o.get(NodeSettings.AUTH_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.get(NodeSettings.JETSTREAM)).isTrue();
    assertThat(o.get(NodeSettings.STORE_DIR)).isEqualTo(Path.of("/tmp/js"));
    assertThat(o.get(NodeSettings.MAX_FILE_STORE)).isEqualTo(1L << 30);
    assertThat(o.get(NodeSettings.DEBUG)).isTrue();
  }

  @Test
  void clusterBlock() throws Exception {
    ServerOptions o =
        read(
            "cluster {\n  name: eu-1\n  listen: 127.0.0.1:6222\n  advertise: \"10.0.0.1:6222\"\n"
                + "  authorization { user: route, password: \"s3cret!\" }\n"
                + "  routes: [\n    nats-route://route:s3cret@10.0.0.2:6222\n    nats-route://10.0.0.3:6222\n  ]\n"
                + "  connect_retries: 3\n}\nlame_duck_duration: \"30s\"\nlame_duck_grace_period: 5\n");
    assertThat(o.get(NodeSettings.CLUSTER_NAME)).isEqualTo("eu-1");
    assertThat(o.get(NodeSettings.CLUSTER))
        .isEqualTo("nats-route://route:s3cret%21@127.0.0.1:6222");
    assertThat(o.get(NodeSettings.CLUSTER_ADVERTISE)).isEqualTo("10.0.0.1:6222");
    assertThat(o.get(NodeSettings.ROUTES))
        .isEqualTo("nats-route://route:s3cret@10.0.0.2:6222,nats-route://10.0.0.3:6222");
    assertThat(o.get(NodeSettings.CONNECT_RETRIES)).isEqualTo(3);
    assertThat(o.get(NodeSettings.LAME_DUCK_DURATION)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.get(NodeSettings.LAME_DUCK_GRACE_PERIOD)).isEqualTo(Duration.ofSeconds(5));
    assertThat(
            io.tributary.dataplane.cluster.RouteUrl.parse(o.get(NodeSettings.CLUSTER)).password())
        .isEqualTo("s3cret!");
  }

  @Test
  void jetStreamShorthand() throws Exception {
    assertThat(read("jetstream: enabled\n").get(NodeSettings.JETSTREAM)).isTrue();
    assertThat(read("jetstream: false\n").get(NodeSettings.JETSTREAM)).isFalse();
  }

  @Test
  void unknownAndUnsupportedKeysNameTheFileAndLine() {
    assertThatThrownBy(() -> read("port: 4222\ncolour: blue\n"))
        .hasMessageEndingWith("nats.conf:2: unknown key 'colour'");
    assertThatThrownBy(() -> read("port: 4222\n\ngateway {\n  port: 7222\n}\n"))
        .hasMessageEndingWith("nats.conf:3: 'gateway' is not supported by this node yet");
    assertThatThrownBy(() -> read("cluster {\n  port: 6222\n  pool_size: 3\n}\n"))
        .hasMessageEndingWith("nats.conf:3: unknown key 'pool_size'");
    assertThatThrownBy(() -> read("accounts {\n  A: {\n    jetstream: maybe\n  }\n}\n"))
        .hasMessageEndingWith(
            "nats.conf:3: Expected 'enabled' or 'disabled' for string value, got 'maybe'");
    assertThatThrownBy(() -> read("accounts {\n  A: {\n    jetstream: { colour: blue }\n  }\n}\n"))
        .hasMessageEndingWith("nats.conf:3: unknown key 'colour'");
    assertThatThrownBy(() -> read("authorization {\n  users: [\n    {nkey: UABC}\n  ]\n}\n"))
        .hasMessageContaining("user public key (U…), not UABC");
    assertThatThrownBy(() -> read("tls {\n  cert_file: x\n"))
        .hasMessageContaining("a block is not closed with }");
    assertThatThrownBy(() -> read("max_payload: $NOPE_NOT_SET_ANYWHERE\n"))
        .hasMessageContaining("variable $NOPE_NOT_SET_ANYWHERE is not defined");
    assertThatThrownBy(() -> read("port: eighty\n")).hasMessageContaining("port");
    assertThatThrownBy(() -> read("authorization {\n  users: [ {user: a} ]\n}\n"))
        .hasMessageContaining("every user needs a user and a password");
  }
}
