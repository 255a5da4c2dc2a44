package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary account}: accounts (tenants). */
@Command(
    name = "account",
    description = "Accounts (tenants): create, list, show, edit, delete, jwt, push-status.")
final class AccountCommands {
  static final List<Column> COLUMNS =
      List.of(
          Column.of("NAME", "name"),
          Column.of("PUBLIC KEY", "publicKey"),
          Column.of("CONNECTIONS", "limits.conn"),
          Column.of("DISK STORAGE", "limits.diskStorage"),
          Column.of("CLUSTERS", "clusters"),
          Column.of("TAGS", "tags"),
          Column.of("CREATED", "createdAt"));

  @Command(
      name = "create",
      description = "Create an account (limits with --set limits.conn=100 …).")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--description") String description,
      @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
          List<String> tags,
      @Option(
              names = "--cluster",
              paramLabel = "CLUSTER",
              description = "Place it on this cluster only (repeatable).")
          List<String> clusters,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("name", name);
    put(flags, "description", description);
    put(flags, "tags", tags);
    put(flags, "clusters", clusters);
    return Requests.create(
        c, p, body, Endpoints.ACCOUNT_CREATE, Map.of(), flags, "name", "account");
  }

  @Command(name = "list", description = "The accounts you may see.")
  int list(
      @Option(
              names = "--search",
              paramLabel = "TEXT",
              description = "Only accounts whose name or description contains TEXT (any case).")
          String search,
      @Option(
              names = "--sort",
              paramLabel = "FIELD",
              description = "name (default), createdAt or updatedAt; a leading - reverses it.")
          String sort,
      @Mixin Connection c,
      @Mixin Printing p) {
    ApiClient.Call call = c.api().call(Endpoints.ACCOUNTS).query("q", search).query("sort", sort);
    p.out().list(c.api().listAll(call), COLUMNS);
    return 0;
  }

  @Command(
      name = "usage",
      description =
          "What the account uses now on its nodes: connections, subscriptions, JetStream.")
  int usage(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.ACCOUNT_USAGE, Map.of("account", name), "connections");
  }

  @Command(name = "show", description = "One account with its limits and revocations.")
  int show(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.ACCOUNT, Map.of("name", name), "name");
  }

  @Command(
      name = "edit",
      description =
          "Change an account: reads it, changes what you give, writes it back with If-Match.")
  int edit(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--description") String description,
      @Option(
              names = "--tag",
              paramLabel = "TAG",
              description = "The tags (replaces them; repeatable).")
          List<String> tags,
      @Option(
              names = "--cluster",
              paramLabel = "CLUSTER",
              description = "The clusters (replaces them; repeatable).")
          List<String> clusters,
      @Option(
              names = "--expect-version",
              paramLabel = "N",
              description = "Change it only if it is still at version N.")
          Long expectVersion,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object();
    put(flags, "description", description);
    put(flags, "tags", tags);
    put(flags, "clusters", clusters);
    return Requests.edit(
        c,
        p,
        body,
        Endpoints.ACCOUNT,
        Endpoints.ACCOUNT_CHANGE,
        Map.of("name", name),
        flags,
        expectVersion,
        "name",
        "account");
  }

  @Command(
      name = "delete",
      description = "Delete an account (its users' connections are closed on every node).")
  int delete(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    return Requests.delete(c, p, Endpoints.ACCOUNT_DELETE, Map.of("name", name), "account " + name);
  }

  @Command(name = "jwt", description = "The account's current JWT, as pushed to the nodes.")
  int jwt(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    String jwt =
        Requests.call(c, Endpoints.ACCOUNT_JWT, Map.of("name", name)).send().text().strip();
    if (p.format == null || p.quiet) {
      p.out().raw(jwt);
    } else {
      p.out().one(object().put("name", name).put("jwt", jwt), "jwt");
    }
    return 0;
  }

  @Command(name = "push-status", description = "Whether each node has the account's current JWT.")
  int pushStatus(
      @Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    var status =
        Requests.call(c, Endpoints.ACCOUNT_PUSH_STATUS, Map.of("name", name)).send().json();
    if (p.format == null && !p.quiet) {
      var nodes = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
      status.path("nodes").forEach(nodes::add);
      p.out()
          .list(
              nodes,
              List.of(
                  Column.of("CLUSTER", "cluster"),
                  Column.of("URL", "url"),
                  Column.of("CONNECTED", "connected"),
                  Column.of("STATE", "state"),
                  Column.of("AT", "at"),
                  Column.of("ERROR", "error")));
    } else {
      p.out().one(status, "account");
    }
    return 0;
  }
}
