package io.tributary.dataplane.cli;

import static io.tributary.dataplane.config.NodeSettings.AUTH_TIMEOUT;
import static io.tributary.dataplane.config.NodeSettings.EVENT_LOOPS;
import static io.tributary.dataplane.config.NodeSettings.HTTP_PORT;
import static io.tributary.dataplane.config.NodeSettings.MAX_PAYLOAD;
import static io.tributary.dataplane.config.NodeSettings.OPERATOR;
import static io.tributary.dataplane.config.NodeSettings.PASSWORD;
import static io.tributary.dataplane.config.NodeSettings.PING_INTERVAL;
import static io.tributary.dataplane.config.NodeSettings.PORT;
import static io.tributary.dataplane.config.NodeSettings.RESOLVER_DIR;
import static io.tributary.dataplane.config.NodeSettings.RESOLVER_PRELOAD;
import static io.tributary.dataplane.config.NodeSettings.STORE_ENCRYPTION;
import static io.tributary.dataplane.config.NodeSettings.SYNC;
import static io.tributary.dataplane.config.NodeSettings.SYSTEM_ACCOUNT;
import static io.tributary.dataplane.config.NodeSettings.TLS_CA;
import static io.tributary.dataplane.config.NodeSettings.TLS_CERT;
import static io.tributary.dataplane.config.NodeSettings.TLS_KEY;
import static io.tributary.dataplane.config.NodeSettings.TLS_VERIFY;
import static io.tributary.dataplane.config.NodeSettings.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.config.Setting;

import picocli.CommandLine;

class NodeCliTest {
  @TempDir Path dir;

  private static ServerOptions parse(String... args) {
    return NodeCli.options(NodeArgs.parse(args));
  }

  @Test
  void defaultsAreNatsDefaults() {
    ServerOptions o = parse();
    assertThat(o.get(PORT)).isEqualTo(4222);
    assertThat(o.get(HTTP_PORT)).isEqualTo(8222);
    assertThat(o.get(MAX_PAYLOAD)).isEqualTo(1024 * 1024);
    assertThat(o.get(PING_INTERVAL)).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.get(AUTH_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void configKeysMirrorFlagsAndFlagsWin() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("node.yaml"),
            "port: 5000\nhttp_port: 0\nmax-payload: 2MB\nping_interval: 30s\nuser: a\npassword: b\n");
    ServerOptions o = parse("--config", conf.toString(), "--port", "6000");
    assertThat(o.get(PORT)).isEqualTo(6000);
    assertThat(o.get(HTTP_PORT)).isZero();
    assertThat(o.get(MAX_PAYLOAD)).isEqualTo(2 * 1024 * 1024);
    assertThat(o.get(PING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.authRequired()).isTrue();
  }

  /**
   * Every setting of the table, given as a flag and as a YAML key (snake case), reaches the options
   * with the same value, different from its default; settings that need others get them too.
   */
  @Test
  void everySettingRoundTripsThroughFlagsAndYaml() throws Exception {
    Path operatorJwt = Files.writeString(dir.resolve("op.jwt"), new TestOperator().jwt());
    Path otherJwt = Files.writeString(dir.resolve("op2.jwt"), new TestOperator().jwt());
    Path pem = Files.writeString(dir.resolve("x.pem"), "x");
    for (Setting<?> s : NodeSettings.ALL) {
      Map<Setting<?>, String> given = new LinkedHashMap<>();
      given.put(s, sample(s, operatorJwt + "," + otherJwt, pem));
      companions(s, operatorJwt, pem).forEach(given::putIfAbsent);

      List<String> args = new ArrayList<>();
      StringBuilder yaml = new StringBuilder();
      given.forEach(
          (setting, text) -> {
            for (String one :
                setting.kind() == Setting.Kind.JWT_FILES ? text.split(",") : new String[] {text}) {
              args.add("--" + setting.name());
              args.add(one);
            }
            String value =
                setting.kind() == Setting.Kind.JWT_FILES
                    ? "[" + String.join(", ", text.split(",")) + "]"
                    : "'" + text + "'";
            yaml.append(setting.name().replace('-', '_')).append(": ").append(value).append('\n');
          });
      Path file = Files.writeString(dir.resolve(s.name() + ".yaml"), yaml);
      ServerOptions fromFlags = parse(args.toArray(String[]::new));
      ServerOptions fromYaml = parse("--config", file.toString());
      Object expected = s.parse(given.get(s));
      assertThat(fromFlags.get(s)).as(s + " from flags").isEqualTo(expected);
      assertThat(fromYaml.get(s)).as(s + " from YAML").isEqualTo(expected);
      assertThat(expected)
          .as(s + " sample differs from the default")
          .isNotEqualTo(s.defaultValue());
      for (String alias : s.aliases()) {
        List<String> aliasArgs =
            args.stream().map(a -> a.equals("--" + s.name()) ? alias : a).toList();
        assertThat(parse(aliasArgs.toArray(String[]::new)).get(s))
            .as(s + " as nats-server's " + alias)
            .isEqualTo(expected);
      }
    }
  }

  /** nats-server's clustered logging flags and its short forms, as a harness passes them. */
  @Test
  void natsServerCommandLinesWork() {
    ServerOptions o = parse("-a", "127.0.0.1", "-p", "4333", "-m", "8333", "-js", "-DV");
    assertThat(o.get(NodeSettings.HOST)).isEqualTo("127.0.0.1");
    assertThat(o.get(PORT)).isEqualTo(4333);
    assertThat(o.get(HTTP_PORT)).isEqualTo(8333);
    assertThat(o.get(NodeSettings.JETSTREAM)).isTrue();
    assertThat(o.get(NodeSettings.DEBUG)).isTrue();
    assertThat(o.get(NodeSettings.TRACE)).isTrue();
  }

  /** Go's flag package, which reads nats-server's command line: one dash or two, =VALUE. */
  @Test
  void flagsAsGoReadsThem() {
    ServerOptions o = parse("-port", "4333", "--m=8333", "--js", "-max-payload=2MB", "-D", "false");
    assertThat(o.get(PORT)).isEqualTo(4333);
    assertThat(o.get(HTTP_PORT)).isEqualTo(8333);
    assertThat(o.get(NodeSettings.JETSTREAM)).isTrue();
    assertThat(o.get(NodeSettings.DEBUG)).isFalse();
    assertThat(o.get(MAX_PAYLOAD)).isEqualTo(2 << 20);
    assertThat(parse("-js=false").get(NodeSettings.JETSTREAM)).isFalse();
    assertThat(parse("-p", "1", "-p", "2").get(PORT)).as("the last wins").isEqualTo(2);
    assertThatThrownBy(() -> parse("--colour", "blue")).hasMessage("Unknown option: '--colour'");
    assertThatThrownBy(() -> parse("-p")).hasMessage("Missing required parameter for option '-p'");
    assertThatThrownBy(() -> parse("-p", "1", "extra"))
        .hasMessage("Unmatched argument at index 2: 'extra'");
    assertThatThrownBy(() -> parse("-DX")).hasMessage("Unknown option: '-DX'");
  }

  /** Every setting has a row in docs/operations.md with its default. */
  @Test
  void everySettingIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    for (Setting<?> s : NodeSettings.ALL) {
      String row =
          doc.lines()
              .filter(l -> l.startsWith("| `--" + s.name() + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no row for --" + s.name()));
      if (s.defaultValue() != null) {
        assertThat(row).as(s.name()).contains("`" + s.defaultText() + "`");
      }
    }
  }

  @Test
  void helpListsEverySetting() {
    String usage = new CommandLine(NodeCli.spec()).getUsageMessage();
    NodeSettings.ALL.forEach(s -> assertThat(usage).contains("--" + s.name()));
    assertThat(usage).contains("--config");
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    assertThat(NodeCli.run(new String[] {"--nope"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--port", "eighty"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--port", "99999999999"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--max-payload", "65MB"})).isEqualTo(2);
    assertThat(NodeCli.run(new String[] {"--ping-interval", "0s"})).isEqualTo(2);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "colour: blue\n");
    assertThat(NodeCli.run(new String[] {"--config", bad.toString()})).isEqualTo(2);
    Path notYaml = Files.writeString(dir.resolve("x.yaml"), "[1, 2\n");
    assertThat(NodeCli.run(new String[] {"--config", notYaml.toString()})).isEqualTo(2);
    assertThatThrownBy(() -> parse("--user", "only"))
        .hasMessageContaining("user and password go together");
    assertThatThrownBy(() -> parse("--tls-key", "k.pem"))
        .hasMessageContaining("tls-cert and tls-key go together");
    assertThatThrownBy(() -> parse("--resolver-dir", "r")).hasMessageContaining("need operator");
    assertThatThrownBy(() -> parse("--operator", dir.resolve("missing.jwt").toString()))
        .hasMessageContaining("operator: cannot read");
    assertThatThrownBy(() -> parse("--max-pending", "1KB"))
        .hasMessageContaining("max-pending must be at least max-payload");
  }

  @Test
  void eventLoopsAndTlsFlagsAreApplied() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    ServerOptions o =
        parse("--tls-cert", cert.toString(), "--tls-key", cert.toString(), "--event-loops", "3");
    assertThat(o.tls()).isNotNull();
    assertThat(o.tls().certFile()).isEqualTo(cert);
    assertThat(o.get(EVENT_LOOPS)).isEqualTo(3);
  }

  // A value of the setting's kind, different from its default and within its bounds.
  private static String sample(Setting<?> s, String jwtFiles, Path pem) {
    return switch (s.kind()) {
      case TEXT -> s == STORE_ENCRYPTION ? "none" : s == SYNC ? "1s" : "x-" + s.name();
      case INTEGER -> String.valueOf(s.defaultValue().equals((int) s.max()) ? s.min() : s.max());
      case BYTES -> 2L * 1024 * 1024 <= s.max() ? "2MB" : "512KB";
      case DURATION -> "7s";
      case FLAG -> "true";
      case PATH ->
          s == TLS_CERT || s == TLS_KEY || s == TLS_CA ? pem.toString() : "/tmp/" + s.name();
      case JWT_FILES -> jwtFiles;
      case JSON ->
          s == NodeSettings.ACCOUNTS
              ? "{\"A\":{\"users\":[{\"user\":\"a\",\"password\":\"b\"}]}}"
              : "[{\"user\":\"a\",\"password\":\"b\"}]";
    };
  }

  // What a setting needs beside it for the options to be consistent.
  private static Map<Setting<?>, String> companions(Setting<?> s, Path operatorJwt, Path pem) {
    Map<Setting<?>, String> m = new LinkedHashMap<>();
    if (s == USER || s == PASSWORD) {
      m.put(USER, "u");
      m.put(PASSWORD, "p");
    }
    if (s == TLS_CERT || s == TLS_KEY || s == TLS_CA || s == TLS_VERIFY) {
      m.put(TLS_CERT, pem.toString());
      m.put(TLS_KEY, pem.toString());
      if (s == TLS_VERIFY) {
        m.put(TLS_CA, pem.toString());
      }
    }
    if (s == NodeSettings.CLUSTER_TLS_CERT
        || s == NodeSettings.CLUSTER_TLS_KEY
        || s == NodeSettings.CLUSTER_TLS_VERIFY) {
      m.put(NodeSettings.CLUSTER_TLS_CERT, pem.toString());
      m.put(NodeSettings.CLUSTER_TLS_KEY, pem.toString());
      if (s == NodeSettings.CLUSTER_TLS_VERIFY) {
        m.put(NodeSettings.CLUSTER_TLS_CA, pem.toString());
      }
    }
    if (s == OPERATOR || s == SYSTEM_ACCOUNT || s == RESOLVER_DIR || s == RESOLVER_PRELOAD) {
      m.put(OPERATOR, operatorJwt.toString());
      m.put(RESOLVER_DIR, "/tmp/resolver");
    }
    return m;
  }
}
