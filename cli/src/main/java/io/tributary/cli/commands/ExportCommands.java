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

/** {@code tributary export}: what an account shares with others. */
@Command(
    name = "export",
    description = "What an account shares (streams and services): create, list, show, delete.")
final class ExportCommands {
  /** stream or service. */
  enum Kind {
    stream,
    service
  }

  @Command(
      name = "create",
      description =
          "Share a subject: --type stream (others subscribe) or service (others request).")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Option(names = "--subject", required = true) String subject,
      @Option(names = "--type", required = true, paramLabel = "stream|service") Kind type,
      @Option(
              names = "--token-required",
              description = "Importers need an activation token ('tributary activation create').")
          Boolean tokenRequired,
      @Option(names = "--response-type", paramLabel = "Singleton|Stream|Chunked")
          String responseType,
      @Option(names = "--description") String description,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("name", name).put("subject", subject).put("type", type.name());
    put(flags, "tokenRequired", tokenRequired);
    put(flags, "responseType", responseType);
    put(flags, "description", description);
    return Requests.create(
        c,
        p,
        body,
        Endpoints.EXPORT_CREATE,
        Map.of("account", c.account(account.name)),
        flags,
        "name",
        "export");
  }

  @Command(name = "list", description = "The account's exports.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.EXPORTS,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("NAME", "name"),
            Column.of("TYPE", "type"),
            Column.of("SUBJECT", "subject"),
            Column.of("TOKEN REQUIRED", "tokenRequired"),
            Column.of("RESPONSE", "responseType"),
            Column.of("CREATED", "createdAt")));
  }

  @Command(name = "show", description = "One export with its revoked activations.")
  int show(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.show(
        c, p, Endpoints.EXPORT, Map.of("account", c.account(account.name), "export", name), "name");
  }

  @Command(name = "delete", description = "Stop sharing it.")
  int delete(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.delete(
        c,
        p,
        Endpoints.EXPORT_DELETE,
        Map.of("account", c.account(account.name), "export", name),
        "export " + name);
  }
}
