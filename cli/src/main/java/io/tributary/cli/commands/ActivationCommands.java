package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.nio.file.Path;
import java.util.Map;

import io.tributary.cli.api.Endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary activation}: tokens that let one account import a token-required export. */
@Command(
    name = "activation",
    description =
        "Activation tokens for a token-required export: create (for one importing account), revoke.")
final class ActivationCommands {
  @Command(
      name = "create",
      description =
          "An activation token for the importer; give it to them for 'tributary import create --token-file'.")
  int create(
      @Parameters(paramLabel = "EXPORT") String export,
      @Mixin AccountOption account,
      @Option(
              names = "--for",
              required = true,
              paramLabel = "ACCOUNT",
              description = "The importing account: public key, or name if you may see it.")
          String importer,
      @Option(names = "--ttl", paramLabel = "SECONDS") Long ttl,
      @Option(
              names = {"--output-file"},
              paramLabel = "FILE",
              description = "Write the token here (0600).")
          Path file,
      @Option(names = "--force", description = "Overwrite FILE if it exists.") boolean force,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode body = object().put("account", AccountKeys.publicKey(c, importer));
    put(body, "ttl", ttl);
    JsonNode a =
        Requests.call(
                c,
                Endpoints.ACTIVATION_CREATE,
                Map.of("account", c.account(account.name), "export", export))
            .body(body)
            .send()
            .json();
    if (file != null) {
      UserCommands.write(c, file, a.path("token").asText() + "\n", force);
      p.out()
          .done(
              "Wrote the activation token for "
                  + a.path("importer").asText()
                  + " to "
                  + file
                  + " (0600).");
    } else if (p.format == null) {
      p.out().raw(a.path("token").asText());
    } else {
      p.out().one(a, "token");
    }
    return 0;
  }

  @Command(name = "revoke", description = "Revoke the importer's activation of the export.")
  int revoke(
      @Parameters(paramLabel = "EXPORT") String export,
      @Mixin AccountOption account,
      @Option(
              names = "--for",
              required = true,
              paramLabel = "ACCOUNT",
              description = "The importing account: public key, or name if you may see it.")
          String importer,
      @Mixin Connection c,
      @Mixin Printing p) {
    String key = AccountKeys.publicKey(c, importer);
    Requests.call(
            c,
            Endpoints.ACTIVATION_REVOKE,
            Map.of("account", c.account(account.name), "export", export, "importer", key))
        .send();
    p.out().done("Revoked " + key + "'s activation of " + export + ".");
    return 0;
  }
}
