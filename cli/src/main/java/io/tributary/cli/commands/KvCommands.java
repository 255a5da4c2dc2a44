package io.tributary.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tributary kv}: an account's Key/Value buckets, read from its nodes. */
@Command(
    name = "kv",
    description = "An account's Key/Value buckets: list, keys (latest values), history of a key.")
final class KvCommands {
  private static final List<Column> ENTRY =
      List.of(
          Column.of("KEY", "key"),
          Column.of("REVISION", "revision"),
          Column.of("OPERATION", "operation"),
          Column.of("CREATED", "created"),
          Column.of("VALUE", "text"));

  @Command(name = "list", description = "The account's buckets.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.KV_BUCKETS,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("BUCKET", "bucket"),
            Column.of("KEYS", "keys"),
            Column.of("VALUES", "values"),
            Column.of("BYTES", "bytes"),
            Column.of("HISTORY", "history")));
  }

  @Command(name = "keys", description = "Each key's latest value (deleted keys too).")
  int keys(
      @Parameters(paramLabel = "BUCKET") String bucket,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.KV_KEYS,
        Map.of("account", c.account(account.name), "bucket", bucket),
        ENTRY);
  }

  @Command(
      name = "history",
      description = "Every revision the bucket keeps of a key, newest first.")
  int history(
      @Parameters(index = "0", paramLabel = "BUCKET") String bucket,
      @Parameters(index = "1", paramLabel = "KEY") String key,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    JsonNode revisions =
        Requests.call(
                c,
                Endpoints.KV_HISTORY,
                Map.of("account", c.account(account.name), "bucket", bucket, "key", key))
            .send()
            .json();
    List<JsonNode> items = new ArrayList<>();
    revisions.forEach(items::add);
    p.out().list(items, ENTRY);
    return 0;
  }
}
