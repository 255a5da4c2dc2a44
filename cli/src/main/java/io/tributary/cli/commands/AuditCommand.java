package io.tributary.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary audit}: who changed what, newest first, with the API's filters. */
@Command(
    name = "audit",
    description = "The audit trail (newest first), filtered as the API filters it.")
final class AuditCommand implements Callable<Integer> {
  @Option(names = "--account", paramLabel = "ACCOUNT")
  String account;

  @Option(names = "--actor", paramLabel = "USERNAME")
  String actor;

  @Option(
      names = "--action",
      paramLabel = "ACTION",
      description = "e.g. account.create, user.creds")
  String action;

  @Option(
      names = "--from",
      paramLabel = "INSTANT",
      description = "From this time on (ISO-8601, e.g. 2026-12-01T00:00:00Z).")
  String from;

  @Option(names = "--to", paramLabel = "INSTANT", description = "Before this time.")
  String to;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N entries (default ${DEFAULT-VALUE}; 0 for all).")
  int limit;

  @Mixin Connection c;
  @Mixin Printing p;

  @Override
  public Integer call() {
    ApiClient api = c.api();
    List<JsonNode> entries = new ArrayList<>();
    int size = limit > 0 ? Math.min(limit, 500) : 500;
    for (int page = 0; ; page++) {
      JsonNode body =
          api.call(Endpoints.AUDIT)
              .query("account", account)
              .query("actor", actor)
              .query("action", action)
              .query("from", from)
              .query("to", to)
              .query("page", page)
              .query("size", size)
              .send()
              .json();
      body.path("items").forEach(entries::add);
      boolean more =
          body.path("items").size() == size && entries.size() < body.path("total").asLong();
      if (!more || (limit > 0 && entries.size() >= limit)) {
        break;
      }
    }
    if (limit > 0 && entries.size() > limit) {
      entries = entries.subList(0, limit);
    }
    p.out()
        .list(
            entries,
            List.of(
                Column.of("ID", "id"),
                Column.of("AT", "at"),
                Column.of("ACTOR", "actor"),
                Column.of("ACTION", "action"),
                Column.of("ACCOUNT", "account"),
                Column.of("TARGET", "target"),
                Column.of("SUMMARY", "summary")));
    return 0;
  }
}
