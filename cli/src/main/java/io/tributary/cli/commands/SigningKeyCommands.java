package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary signing-key}: an account's signing keys, plain or scoped. */
@Command(
    name = "signing-key",
    description =
        "An account's signing keys: create (plain, or scoped with --role and a template), list, delete.")
final class SigningKeyCommands {
  @Command(
      name = "create",
      description =
          "A new signing key; with --role it is scoped: users it signs get the template (--set template.permissions.pub.allow=… or -f).")
  int create(
      @Mixin AccountOption account,
      @Option(
              names = "--role",
              paramLabel = "ROLE",
              description = "Scope it: users it signs get its template.")
          String role,
      @Option(names = "--description") String description,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object();
    put(flags, "role", role);
    put(flags, "description", description);
    return Requests.create(
        c,
        p,
        body,
        Endpoints.SIGNING_KEY_CREATE,
        Map.of("account", c.account(account.name)),
        flags,
        "publicKey",
        "signing key");
  }

  @Command(name = "list", description = "The account's signing keys.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.SIGNING_KEYS,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("PUBLIC KEY", "publicKey"),
            Column.of("ROLE", "role"),
            Column.of("DESCRIPTION", "description"),
            Column.of("CREATED", "createdAt")));
  }

  @Command(
      name = "delete",
      description = "Delete a signing key (users it signed lose their credentials).")
  int delete(
      @Parameters(paramLabel = "KEY") String key,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.delete(
        c,
        p,
        Endpoints.SIGNING_KEY_DELETE,
        Map.of("account", c.account(account.name), "key", key),
        "signing key " + key);
  }
}
