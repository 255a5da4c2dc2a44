package io.tributary.cli.commands;

import java.nio.file.Path;
import java.util.Map;

import io.tributary.cli.api.Endpoints;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary operator}: the operator, its server configuration, the master key. */
@Command(
    name = "operator",
    description =
        "The operator: show, server-config (for nats-server or a node), master-key, rotate-master-key.")
final class OperatorCommands {
  @Command(name = "show", description = "The operator: name, key, signing keys, system account.")
  int show(@Mixin Connection c, @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.OPERATOR, Map.of(), "publicKey");
  }

  @Command(
      name = "server-config",
      description =
          "A server configuration that trusts this operator (operator JWT, system account, resolver).")
  int serverConfig(
      @Option(
              names = "--format",
              defaultValue = "nats-server",
              description = "Only nats-server for now (also read by 'tributary node -c').")
          String format,
      @Option(
              names = "--resolver-dir",
              paramLabel = "DIR",
              description = "The resolver's directory in the config (default the API's, ./jwt).")
          String resolverDir,
      @Option(
              names = "--output-file",
              paramLabel = "FILE",
              description = "Write it here (0600) instead of stdout.")
          Path file,
      @Option(names = "--force", description = "Overwrite FILE if it exists.") boolean force,
      @Mixin Connection c) {
    String config =
        c.api()
            .call(Endpoints.SERVER_CONFIG)
            .query("format", format)
            .query("resolver-dir", resolverDir)
            .send()
            .text();
    if (file != null) {
      UserCommands.write(c, file, config, force);
      c.spec.commandLine().getOut().printf("Wrote %s (0600).%n", file);
    } else {
      c.spec.commandLine().getOut().print(config);
      c.spec.commandLine().getOut().flush();
    }
    return 0;
  }

  @Command(
      name = "master-key",
      description = "The master key's version and how many sealed secrets each version holds.")
  int masterKey(@Mixin Connection c, @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.MASTER_KEY, Map.of(), "current");
  }

  @Command(
      name = "rotate-master-key",
      description =
          "A new master key (generated, or --key-stdin base64 of 32 bytes); every secret re-sealed online.")
  int rotateMasterKey(
      @Option(
              names = "--key-stdin",
              description = "Read the new key (base64 of 32 bytes) from stdin.")
          boolean keyStdin,
      @Mixin Connection c,
      @Mixin Printing p) {
    var body = Requests.object();
    if (keyStdin) {
      body.put("key", new Passwords(c, true).read("", false).strip());
    }
    JsonNode r = c.api().call(Endpoints.MASTER_KEY_ROTATE).body(body).send().json();
    p.out()
        .done(
            "Master key version "
                + r.path("version").asText()
                + ": "
                + r.path("rewrapped").asText()
                + " secrets re-sealed."
                + (r.hasNonNull("note") ? " " + r.path("note").asText() : ""));
    if (p.quiet || p.format != null) {
      p.out().one(r, "version");
    }
    return 0;
  }
}
