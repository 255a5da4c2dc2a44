package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary invitation}: one-time links that make a tenant's admin or viewer. */
@Command(
    name = "invitation",
    description =
        "Invite a tenant's admin or viewer (operator-admin): create a one-time link, list, revoke.")
final class InvitationCommands {
  @Command(
      name = "create",
      description =
          "A one-time link to the console where the invitee chooses a username and password.")
  int create(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Option(
              names = "--role",
              paramLabel = "ROLE",
              description = "account-admin (default) or account-viewer.")
          String role,
      @Option(names = "--note", paramLabel = "TEXT", description = "Who it is for.") String note,
      @Option(names = "--ttl-hours", paramLabel = "HOURS", description = "Default 72, at most 720.")
          Integer ttlHours,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("account", account);
    put(flags, "role", role);
    put(flags, "note", note);
    put(flags, "ttlHours", ttlHours);
    ApiClient api = c.api();
    JsonNode made =
        api.call(Endpoints.INVITATION_CREATE)
            .body(body.build(Endpoints.INVITATION_CREATE, flags, c.environment().stdin()))
            .send()
            .json();
    String link =
        api.base().resolve("/").toString().replaceAll("/$", "") + made.path("link").asText();
    if (p.quiet) {
      p.out().raw(link);
    } else if (p.format == null) {
      c.spec
          .commandLine()
          .getErr()
          .printf(
              "Invitation %s to %s as %s, until %s; send this link (it is shown only now):%n",
              made.path("id").asText(),
              account,
              made.path("role").asText(),
              made.path("expiresAt").asText());
      c.spec.commandLine().getErr().flush();
      p.out().raw(link);
    } else {
      p.out().one(((ObjectNode) made).put("url", link), "id");
    }
    return 0;
  }

  @Command(name = "list", description = "Invitations, newest first, with their state.")
  int list(@Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.INVITATIONS,
        Map.of(),
        List.of(
            Column.of("ID", "id"),
            Column.of("ACCOUNT", "account"),
            Column.of("ROLE", "role"),
            Column.of("STATE", "state"),
            Column.of("NOTE", "note"),
            Column.of("EXPIRES", "expiresAt"),
            Column.of("ACCEPTED BY", "acceptedBy")));
  }

  @Command(name = "revoke", description = "Revoke an invitation that was not used yet.")
  int revoke(@Parameters(paramLabel = "ID") long id, @Mixin Connection c, @Mixin Printing p) {
    return Requests.delete(
        c, p, Endpoints.INVITATION_REVOKE, Map.of("id", String.valueOf(id)), "invitation " + id);
  }
}
