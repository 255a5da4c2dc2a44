package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary import}: what an account takes from others' exports. */
@Command(
    name = "import",
    description = "What an account takes from another's exports: create, list, show, delete.")
final class ImportCommands {
  @Command(
      name = "create",
      description = "Import another account's export (with its activation token if it needs one).")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Option(
              names = "--from",
              required = true,
              paramLabel = "ACCOUNT",
              description = "The exporting account: its public key, or its name if you may see it.")
          String from,
      @Option(names = "--subject", required = true, description = "The exported subject.")
          String subject,
      @Option(names = "--type", required = true, paramLabel = "stream|service")
          ExportCommands.Kind type,
      @Option(names = "--local-subject", description = "Where it appears in this account.")
          String localSubject,
      @Option(
              names = "--token-file",
              paramLabel = "FILE",
              description = "The activation token the exporter gave you.")
          Path tokenFile,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags =
        object()
            .put("name", name)
            .put("account", AccountKeys.publicKey(c, from))
            .put("subject", subject)
            .put("type", type.name());
    put(flags, "localSubject", localSubject);
    if (tokenFile != null) {
      try {
        flags.put("token", Files.readString(tokenFile).strip());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + tokenFile + ": " + e.getMessage(), e);
      }
    }
    return Requests.create(
        c,
        p,
        body,
        Endpoints.IMPORT_CREATE,
        Map.of("account", c.account(account.name)),
        flags,
        "name",
        "import");
  }

  @Command(name = "list", description = "The account's imports.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.IMPORTS,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("NAME", "name"),
            Column.of("TYPE", "type"),
            Column.of("FROM", "account"),
            Column.of("SUBJECT", "subject"),
            Column.of("LOCAL SUBJECT", "localSubject"),
            Column.of("CREATED", "createdAt")));
  }

  @Command(name = "show", description = "One import.")
  int show(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.show(
        c, p, Endpoints.IMPORT, Map.of("account", c.account(account.name), "import", name), "name");
  }

  @Command(name = "delete", description = "Drop the import.")
  int delete(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.delete(
        c,
        p,
        Endpoints.IMPORT_DELETE,
        Map.of("account", c.account(account.name), "import", name),
        "import " + name);
  }
}
