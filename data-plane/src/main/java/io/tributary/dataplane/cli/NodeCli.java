package io.tributary.dataplane.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.tributary.auth.AuthException;
import io.tributary.auth.nkey.NKey;
import io.tributary.dataplane.config.NatsServerConfig;
import io.tributary.dataplane.config.NodeConfigFile;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.config.Setting;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.server.Server;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tributary node}: runs one node until SIGTERM or SIGINT, then shuts down cleanly (stops
 * accepting, flushes what is queued for clients, closes). Its flags are {@link NodeSettings}, one
 * per setting, named as the YAML keys. A bad flag, config key or value exits with code 2 and a
 * one-line error.
 */
public final class NodeCli {
  static final int USAGE = 2;
  private static final String VERSION =
      "tributary node, NATS server protocol " + Server.NATS_VERSION;

  private NodeCli() {}

  public static void main(String[] args) {
    // One line per java.util.logging record (Vert.x and Netty log through it), before anything
    // logs.
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
    System.exit(run(args));
  }

  static int run(String[] args) {
    PrintStream err = System.err;
    ServerOptions options;
    boolean testing = false;
    try {
      NodeArgs parsed = NodeArgs.parse(args);
      testing = parsed.test();
      if (parsed.help()) {
        new CommandLine(spec()).usage(System.out);
        return 0;
      }
      if (parsed.version()) {
        System.out.println(VERSION);
        return 0;
      }
      options = options(parsed);
      String signal = parsed.signal();
      if (signal != null) {
        String error = Signals.send(signal, options.get(NodeSettings.PID_FILE));
        if (error != null) {
          err.println("tributary node: " + error);
          return USAGE;
        }
        return 0;
      }
      if (testing) {
        Server.check(options);
        Path config = parsed.config();
        System.out.println(
            "tributary node: "
                + (config == null ? "configuration" : "configuration file " + config)
                + " is valid");
        return 0;
      }
    } catch (IllegalArgumentException e) {
      err.println("tributary node: " + e.getMessage());
      return testing ? 1 : USAGE; // nats-server -t exits 1 on a bad configuration
    }
    Path logFile = options.get(NodeSettings.LOG_FILE);
    if (logFile != null) {
      try {
        System.setErr(
            new PrintStream(
                new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.println("tributary node: cannot write the log file " + logFile + ": " + e.getMessage());
        return USAGE;
      }
    }
    Server server;
    try {
      server = Server.start(options);
    } catch (IllegalArgumentException | IllegalStateException | AuthException e) {
      err.println("tributary node: " + e.getMessage());
      return USAGE;
    }
    // Signature checks (nkey and JWT users) need Ed25519's tables, ~200 ms of CPU: built once the
    // node listens, so that they do not slow its start on a small machine.
    Thread.ofPlatform().daemon().name("ed25519-tables").start(NKey::warmUp);
    Path pidFile = options.get(NodeSettings.PID_FILE);
    if (pidFile != null) {
      try {
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
      } catch (IOException e) {
        server.close();
        err.println("tributary node: cannot write the pid file " + pidFile + ": " + e.getMessage());
        return USAGE;
      }
    }
    Signals.install(
        () -> reload(server, args),
        () ->
            new Thread(
                    () -> {
                      server.lameDuck();
                      System.exit(0);
                    },
                    "lame-duck")
                .start());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (pidFile != null) {
                    try {
                      Files.deleteIfExists(pidFile);
                    } catch (IOException e) {
                      // stopping anyway; a stale pid file names a process that is gone
                    }
                  }
                  stopped.countDown();
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  // SIGHUP: the command line and its config file read again; what may change live is applied.
  private static void reload(Server server, String[] args) {
    try {
      List<String> changed = server.reload(options(NodeArgs.parse(args)));
      NodeLog.info(
          "configuration reloaded"
              + (changed.isEmpty() ? ": nothing changed" : ": " + String.join(", ", changed)));
    } catch (IllegalArgumentException e) {
      NodeLog.warn("configuration not reloaded: " + e.getMessage());
    }
  }

  /**
   * The command as {@code --help} shows it: {@code --config} plus one flag per setting, from the
   * table ({@link NodeArgs} reads it).
   */
  static CommandSpec spec() {
    // Not picocli's standard help options: nats-server's -V is trace, its version flag is -v.
    CommandSpec spec = CommandSpec.create().name("node");
    spec.version(VERSION);
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
    spec.addOption(
        OptionSpec.builder("-v", "--version")
            .versionHelp(true)
            .description("show the version")
            .build());
    spec.usageMessage()
        .description(
            "Run a data-plane node. Flags win over --config; config keys are the flag names.");
    spec.addOption(
        OptionSpec.builder(NodeArgs.SIGNAL, "-sl")
            .paramLabel("NAME[=PID]")
            .type(String.class)
            .description(
                "send a signal to a running node and exit, as nats-server: stop, quit, term, reopen,"
                    + " reload, ldm; the pid from =PID or the -P pid file")
            .build());
    spec.addOption(
        OptionSpec.builder(NodeArgs.TEST)
            .description(
                "check the configuration (flags and config file) and exit: 0 if a node would start"
                    + " with it, as nats-server -t")
            .build());
    spec.addOption(
        OptionSpec.builder(NodeArgs.CONFIG, "-c")
            .paramLabel("FILE")
            .type(Path.class)
            .description(
                "config file: YAML (*.yaml, *.yml) whose keys mirror these flags, else"
                    + " nats-server's configuration format")
            .build());
    for (Setting<?> s : NodeSettings.ALL) {
      List<String> names = new ArrayList<>(List.of("--" + s.name()));
      names.addAll(s.aliases());
      OptionSpec.Builder o = OptionSpec.builder(names.toArray(String[]::new)).paramLabel(s.label());
      String def = s.defaultValue() == null ? "" : " (default " + s.defaultText() + ")";
      o.description(s.description() + def);
      switch (s.kind()) {
        case FLAG -> o.type(Boolean.class).arity("0..1").fallbackValue("true");
        case JWT_FILES -> o.type(String[].class).arity("1");
        default -> o.type(String.class);
      }
      spec.addOption(o.build());
    }
    return spec;
  }

  /** The options the parsed command line asks for: the config file's settings, then the flags. */
  static ServerOptions options(NodeArgs parsed) {
    Map<Setting<?>, String> settings = new LinkedHashMap<>();
    Path config = parsed.config();
    if (config != null) {
      String name = config.getFileName().toString();
      settings.putAll(
          name.endsWith(".yaml") || name.endsWith(".yml")
              ? NodeConfigFile.read(config)
              : NatsServerConfig.read(config));
    }
    settings.putAll(parsed.settings());
    ServerOptions.Builder b = ServerOptions.builder();
    settings.forEach(b::parse);
    return b.build();
  }
}
