package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary token}: API tokens, the credentials of scripts and automation. */
@Command(
    name = "token",
    description =
        "Your API tokens (for scripts: 'tributary login --token-stdin'): create, list, delete.")
final class TokenCommands {
  @Command(name = "create", description = "A new API token with your role; shown once.")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--ttl",
              paramLabel = "SECONDS",
              description = "Lifetime (60 s to 2 years; default the API's).")
          Long ttl,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("name", name);
    put(flags, "ttl", ttl);
    JsonNode t =
        Requests.call(c, Endpoints.TOKEN_CREATE, Map.of())
            .body(body.build(Endpoints.TOKEN_CREATE, flags, c.environment().stdin()))
            .send()
            .json();
    if (p.quiet) {
      p.out().raw(t.path("token").asText());
    } else if (p.format == null) {
      c.spec
          .commandLine()
          .getErr()
          .printf(
              "API token '%s' (id %s, expires %s); it is shown only now:%n",
              name, t.path("id").asText(), t.path("expiresAt").asText());
      c.spec.commandLine().getErr().flush();
      p.out().raw(t.path("token").asText());
    } else {
      p.out().one(t, "token");
    }
    return 0;
  }

  @Command(name = "list", description = "Your API tokens (all of them for an operator-admin).")
  int list(@Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.TOKENS,
        Map.of(),
        List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("PREFIX", "prefix"),
            Column.of("CREATED", "createdAt"),
            Column.of("EXPIRES", "expiresAt"),
            Column.of("LAST USED", "lastUsedAt")));
  }

  @Command(name = "delete", description = "Revoke an API token at once.")
  int delete(@Parameters(paramLabel = "ID") String id, @Mixin Connection c, @Mixin Printing p) {
    return Requests.delete(c, p, Endpoints.TOKEN_DELETE, Map.of("id", id), "API token " + id);
  }
}
