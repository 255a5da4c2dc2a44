package io.tributary.dataplane.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.tributary.dataplane.config.NodeConfig;
import io.tributary.dataplane.server.Server;
import io.tributary.dataplane.server.ServerOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary node}: runs one node until SIGTERM or SIGINT, then shuts down cleanly (stops
 * accepting, flushes what is queued for clients, closes). A bad flag, config key or value exits
 * with code 2 and a one-line error.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a data-plane node. Flags win over --config; config keys are the flag names.")
public final class NodeCli implements java.util.concurrent.Callable<Integer> {
  static final int USAGE = 2;

  // The option fields below are filled by picocli; options() reads the given ones back by name
  // through the spec.
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file whose keys mirror these flags")
  Path config;

  @Option(names = "--host", description = "interface to listen on (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", description = "client port; -1 picks a free one (default 4222)")
  String port;

  @Option(
      names = "--http-port",
      description = "monitoring port; 0 turns monitoring off (default 8222)")
  String httpPort;

  @Option(names = "--store-dir", paramLabel = "DIR", description = "directory for persistent state")
  String storeDir;

  @Option(names = "--server-name", description = "name shown to clients and in monitoring")
  String serverName;

  @Option(
      names = "--max-payload",
      description = "largest message, e.g. 1MB (default 1MB, at most 64MB)")
  String maxPayload;

  @Option(names = "--max-connections", description = "client connections accepted (default 65536)")
  String maxConnections;

  @Option(
      names = "--max-subscriptions",
      description = "subscriptions per connection; 0 is unlimited")
  String maxSubscriptions;

  @Option(
      names = "--max-pending",
      description = "bytes queued per client before it is a slow consumer (64MB)")
  String maxPending;

  @Option(names = "--ping-interval", description = "server ping interval, e.g. 2m (default 2m)")
  String pingInterval;

  @Option(
      names = "--max-pings-out",
      description = "unanswered pings before a connection is stale (default 2)")
  String maxPingsOut;

  @Option(
      names = "--write-deadline",
      description = "how long a client write may stall (default 10s)")
  String writeDeadline;

  @Option(names = "--auth-token", description = "token clients must send")
  String authToken;

  @Option(names = "--user", description = "user name clients must send (with --password)")
  String user;

  @Option(names = "--password", description = "password for --user")
  String password;

  @Option(
      names = "--operator",
      paramLabel = "FILE",
      description = "trusted operator JWT; repeat for several (operator mode)")
  java.util.List<String> operator;

  @Option(
      names = "--system-account",
      paramLabel = "PUBKEY",
      description = "the system account (A…)")
  String systemAccount;

  @Option(
      names = "--resolver-dir",
      paramLabel = "DIR",
      description = "where account JWTs are kept (operator mode)")
  String resolverDir;

  @Option(
      names = "--resolver-preload",
      paramLabel = "DIR",
      description = "account JWTs (*.jwt) to load at start")
  String resolverPreload;

  @Option(
      names = "--max-control-line",
      description = "longest protocol line a client may send (default 4096)")
  String maxControlLine;

  @Option(names = "--auth-timeout", description = "time a client has to authenticate (default 2s)")
  String authTimeout;

  @Option(names = "--event-loops", description = "event loop threads; 0 is two per core")
  String eventLoops;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "TLS certificate chain (PEM); with --tls-key enables TLS")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PEM)")
  String tlsKey;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      description = "CA bundle to check client certificates against")
  String tlsCa;

  @Option(names = "--tls-verify", description = "require client certificates (needs --tls-ca)")
  Boolean tlsVerify;

  public static void main(String[] args) {
    // One line per log record, before anything logs.
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cli = new CommandLine(new NodeCli());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
            cmd.getErr().println("tributary node: " + ex.getMessage());
            return USAGE;
          }
          throw ex;
        });
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("tributary node: " + ex.getMessage());
          return USAGE;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions options = options();
    Server server = Server.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  ServerOptions options() {
    Map<String, String> settings = new LinkedHashMap<>();
    if (config != null) {
      settings.putAll(NodeConfig.readYaml(config));
    }
    // Each flag's long name is its config key, so the flags given on the command line override the
    // file.
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String key = o.longestName().substring(2);
      if (NodeConfig.KEYS.contains(key)) {
        Object value = o.getValue();
        settings.put(
            key,
            value instanceof java.util.Collection<?> c
                ? String.join(",", c.stream().map(String::valueOf).toList())
                : String.valueOf(value));
      }
    }
    return NodeConfig.apply(ServerOptions.builder(), settings).build();
  }
}
