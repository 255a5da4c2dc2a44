package io.tributary.cli.commands;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tributary object-store}: an account's Object Store buckets, read from its nodes. */
@Command(
    name = "object-store",
    description = "An account's Object Store buckets and their objects.")
final class ObjectStoreCommands {
  @Command(name = "list", description = "The account's object stores.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.OBJECT_STORES,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("BUCKET", "bucket"),
            Column.of("OBJECTS", "objects"),
            Column.of("BYTES", "bytes")));
  }

  @Command(name = "objects", description = "The objects of a bucket.")
  int objects(
      @Parameters(paramLabel = "BUCKET") String bucket,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.OBJECTS,
        Map.of("account", c.account(account.name), "bucket", bucket),
        List.of(
            Column.of("NAME", "name"),
            Column.of("SIZE", "size"),
            Column.of("CHUNKS", "chunks"),
            Column.of("MODIFIED", "modified"),
            Column.of("DIGEST", "digest")));
  }
}
