package io.tributary.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary stream}: an account's streams, read from its nodes. */
@Command(
    name = "stream",
    description =
        "An account's JetStream streams as its nodes have them: list, show, messages, consumers.")
final class StreamCommands {
  @Command(name = "list", description = "The account's streams.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.STREAMS,
        Map.of("account", c.account(account.name)),
        List.of(
            Column.of("NAME", "name"),
            Column.of("SUBJECTS", "subjects"),
            Column.of("MESSAGES", "messages"),
            Column.of("BYTES", "bytes"),
            Column.of("CONSUMERS", "consumers"),
            Column.of("LAST", "lastTime")));
  }

  @Command(name = "show", description = "A stream's state and configuration.")
  int show(
      @Parameters(paramLabel = "STREAM") String stream,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.show(
        c,
        p,
        Endpoints.STREAM,
        Map.of("account", c.account(account.name), "stream", stream),
        "summary");
  }

  @Command(
      name = "messages",
      description =
          "Stored messages: the newest, or from --from-seq or --from-time, on --subject only.")
  int messages(
      @Parameters(paramLabel = "STREAM") String stream,
      @Option(names = "--from-seq", paramLabel = "SEQ") Long fromSeq,
      @Option(names = "--from-time", paramLabel = "TIME", description = "RFC 3339") String from,
      @Option(names = "--subject", paramLabel = "SUBJECT") String subject,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "25") int limit,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    JsonNode page =
        Requests.call(
                c,
                Endpoints.STREAM_MESSAGES,
                Map.of("account", c.account(account.name), "stream", stream))
            .query("fromSeq", fromSeq)
            .query("fromTime", from)
            .query("subject", subject)
            .query("limit", limit)
            .send()
            .json();
    List<JsonNode> items = new ArrayList<>();
    page.path("messages").forEach(items::add);
    p.out()
        .list(
            items,
            List.of(
                Column.of("SEQ", "seq"),
                Column.of("TIME", "time"),
                Column.of("SUBJECT", "subject"),
                Column.of("SIZE", "size"),
                Column.of("TEXT", "text")));
    return 0;
  }

  @Command(name = "consumers", description = "A stream's consumers and how far behind they are.")
  int consumers(
      @Parameters(paramLabel = "STREAM") String stream,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.STREAM_CONSUMERS,
        Map.of("account", c.account(account.name), "stream", stream),
        List.of(
            Column.of("NAME", "name"),
            Column.of("FILTER", "filterSubjects"),
            Column.of("PENDING", "numPending"),
            Column.of("ACK PENDING", "numAckPending"),
            Column.of("REDELIVERED", "numRedelivered")));
  }
}
