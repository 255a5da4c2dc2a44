package io.tributary.dataplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.server.ServerOptions;

import picocli.CommandLine;

class NodeCliTest {
  @TempDir Path dir;

  private static ServerOptions parse(String... args) {
    NodeCli cli = new NodeCli();
    new CommandLine(cli).parseArgs(args);
    return cli.options();
  }

  @Test
  void defaultsAreNatsDefaults() {
    ServerOptions o = parse();
    assertThat(o.port()).isEqualTo(4222);
    assertThat(o.httpPort()).isEqualTo(8222);
    assertThat(o.maxPayload()).isEqualTo(1024 * 1024);
    assertThat(o.pingInterval()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void configKeysMirrorFlagsAndFlagsWin() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("node.yaml"),
            "port: 5000\nhttp_port: 0\nmax-payload: 2MB\nping_interval: 30s\nuser: a\npassword: b\n");
    ServerOptions o = parse("--config", conf.toString(), "--port", "6000");
    assertThat(o.port()).isEqualTo(6000);
    assertThat(o.httpPort()).isZero();
    assertThat(o.maxPayload()).isEqualTo(2 * 1024 * 1024);
    assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.authRequired()).isTrue();
  }

  @Test
  void everySettingHasAFlagThatIsApplied() throws Exception {
    // Regression: a key missing from NodeConfig.KEYS made its flag silently ignored.
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    ServerOptions o =
        parse(
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            cert.toString(),
            "--event-loops",
            "3",
            "--auth-timeout",
            "5s");
    assertThat(o.tls()).isNotNull();
    assertThat(o.tls().certFile()).isEqualTo(cert);
    assertThat(o.eventLoops()).isEqualTo(3);
    assertThat(o.authTimeout()).isEqualTo(Duration.ofSeconds(5));
    for (var option : new CommandLine(new NodeCli()).getCommandSpec().options()) {
      String name = option.longestName().substring(2);
      if (!name.equals("help") && !name.equals("version") && !name.equals("config")) {
        assertThat(io.tributary.dataplane.config.NodeConfig.KEYS).as(name).contains(name);
      }
    }
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    assertThat(NodeCli.run(new String[] {"--nope"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--port", "eighty"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--max-payload", "65MB"})).isEqualTo(2);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "colour: blue\n");
    assertThat(NodeCli.run(new String[] {"--config", bad.toString()})).isEqualTo(2);
    Path notYaml = Files.writeString(dir.resolve("x.yaml"), "[1, 2\n");
    assertThat(NodeCli.run(new String[] {"--config", notYaml.toString()})).isEqualTo(2);
    assertThatThrownBy(() -> parse("--user", "only"))
        .hasMessageContaining("user and password go together");
  }
}
