package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.ArrayList;
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

/** {@code tributary cluster}: the data-plane clusters accounts are pushed to. */
@Command(
    name = "cluster",
    description =
        "Data-plane clusters (where accounts are pushed): create, list, show, edit, status, delete.")
final class ClusterCommands {
  @Command(
      name = "create",
      description =
          "Register a cluster by its nodes' URLs; every account placed on it is pushed to them.")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--url",
              required = true,
              split = ",",
              paramLabel = "nats://HOST:PORT",
              description = "A node (repeatable or comma-separated).")
          List<String> urls,
      @Option(names = "--description") String description,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("name", name);
    put(flags, "urls", urls);
    put(flags, "description", description);
    return Requests.create(
        c, p, body, Endpoints.CLUSTER_CREATE, Map.of(), flags, "name", "cluster");
  }

  @Command(name = "list", description = "Every cluster.")
  int list(@Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.CLUSTERS,
        Map.of(),
        List.of(
            Column.of("NAME", "name"),
            Column.of("URLS", "urls"),
            Column.of("DESCRIPTION", "description"),
            Column.of("CREATED", "createdAt")));
  }

  @Command(name = "show", description = "One cluster.")
  int show(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.CLUSTER, Map.of("cluster", name), "name");
  }

  @Command(name = "edit", description = "Change a cluster's nodes or description (with If-Match).")
  int edit(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--url",
              split = ",",
              paramLabel = "nats://HOST:PORT",
              description = "The nodes (replaces them).")
          List<String> urls,
      @Option(names = "--description") String description,
      @Option(
              names = "--expect-version",
              paramLabel = "N",
              description = "Change it only if it is still at version N.")
          Long expectVersion,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object();
    put(flags, "urls", urls);
    put(flags, "description", description);
    return Requests.edit(
        c,
        p,
        body,
        Endpoints.CLUSTER,
        Endpoints.CLUSTER_CHANGE,
        Map.of("cluster", name),
        flags,
        expectVersion,
        "name",
        "cluster");
  }

  @Command(
      name = "status",
      description = "Each node: connected, accounts held, current, pending, errors.")
  int status(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    JsonNode status =
        Requests.call(c, Endpoints.CLUSTER_STATUS, Map.of("cluster", name)).send().json();
    if (p.format == null && !p.quiet) {
      List<JsonNode> nodes = new ArrayList<>();
      status.path("nodes").forEach(nodes::add);
      p.out()
          .list(
              nodes,
              List.of(
                  Column.of("URL", "url"),
                  Column.of("CONNECTED", "connected"),
                  Column.of("ACCOUNTS", "accounts"),
                  Column.of("CURRENT", "current"),
                  Column.of("PENDING", "pending"),
                  Column.of("ERRORS", "errors")));
    } else {
      p.out().one(status, "cluster");
    }
    return 0;
  }

  @Command(
      name = "metrics",
      description = "Each node's own figures: connections, subscriptions, CPU, memory, traffic.")
  int metrics(
      @Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    JsonNode nodes =
        Requests.call(c, Endpoints.CLUSTER_METRICS, Map.of("cluster", name)).send().json();
    List<JsonNode> items = new ArrayList<>();
    nodes.forEach(items::add);
    p.out()
        .list(
            items,
            List.of(
                Column.of("NAME", "name"),
                Column.of("VERSION", "version"),
                Column.of("CONNECTIONS", "connections"),
                Column.of("SUBSCRIPTIONS", "subscriptions"),
                Column.of("CPU %", "cpu"),
                Column.of("MEMORY", "memory"),
                Column.of("MSGS IN", "inMsgs"),
                Column.of("MSGS OUT", "outMsgs")));
    return 0;
  }

  @Command(name = "delete", description = "Deregister a cluster (it must hold no account).")
  int delete(@Parameters(paramLabel = "NAME") String name, @Mixin Connection c, @Mixin Printing p) {
    return Requests.delete(
        c, p, Endpoints.CLUSTER_DELETE, Map.of("cluster", name), "cluster " + name);
  }
}
