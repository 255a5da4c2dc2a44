package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bad input on every API subject, streams and consumers: random and mangled bodies, odd names,
 * wrong token counts. Every request gets a JSON reply with its type (a success or an error, never
 * silence), and afterwards the node still serves: the stream that was there keeps its messages and
 * takes new ones, and a new consumer reads them all. Seeded ({@code -Dfuzz.seed}); {@code
 * -Dfuzz.iterations} for a longer run.
 */
class JetStreamApiFuzzIT {
  private static final List<String> OPERATIONS =
      List.of(
          "INFO",
          "STREAM.CREATE.%s",
          "STREAM.UPDATE.%s",
          "STREAM.INFO.%s",
          "STREAM.DELETE.%s",
          "STREAM.PURGE.%s",
          "STREAM.NAMES",
          "STREAM.LIST",
          "STREAM.MSG.GET.%s",
          "STREAM.MSG.DELETE.%s",
          "STREAM.CREATE.%s.extra",
          "STREAM",
          "NOPE.%s",
          "CONSUMER.CREATE.KEEP",
          "CONSUMER.CREATE.KEEP.%s",
          "CONSUMER.CREATE.KEEP.%s.keep",
          "CONSUMER.CREATE.%s.%s",
          "CONSUMER.DURABLE.CREATE.KEEP.%s",
          "CONSUMER.INFO.KEEP.%s",
          "CONSUMER.DELETE.KEEP.%s",
          "CONSUMER.NAMES.KEEP",
          "CONSUMER.LIST.%s",
          "CONSUMER.PAUSE.KEEP.%s",
          "CONSUMER.LEADER.STEPDOWN.KEEP.%s");

  private static final List<String> BODIES =
      List.of(
          "",
          "{}",
          "null",
          "[]",
          "\"text\"",
          "{\"name\":\"%s\",\"subjects\":[\"fz.%s.>\"]}",
          "{\"name\":\"%s\",\"max_msgs\":-5,\"max_age\":-1}",
          "{\"name\":\"%s\",\"subjects\":[\">\"]}",
          "{\"name\":\"%s\",\"storage\":\"memory\",\"max_bytes\":1e30}",
          "{\"name\":\"%s\",\"num_replicas\":99}",
          "{\"name\":\"%s\",\"retention\":7}",
          "{\"seq\":-1}",
          "{\"seq\":9223372036854775807}",
          "{\"last_by_subj\":\"fz.>\"}",
          "{\"next_by_subj\":\"..\",\"seq\":1}",
          "{\"start_time\":\"yesterday\"}",
          "{\"filter\":\"fz.*\",\"keep\":1}",
          "{\"offset\":-3,\"subject\":\"fz.>\"}",
          "{\"subjects_filter\":\">\",\"deleted_details\":true}",
          "{\"name\":\"%s\",\"subject_transform\":{\"src\":\"fz.*\",\"dest\":\"{{wildcard(9)}}\"}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"durable_name\":\"%s\",\"ack_policy\":\"explicit\"}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"name\":\"%s\",\"deliver_policy\":\"by_start_time\","
              + "\"opt_start_time\":\"yesterday\"}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"filter_subjects\":[\"\",\">\"]}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"backoff\":[-1],\"max_deliver\":1}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"deliver_subject\":\"keep\"}}",
          "{\"stream_name\":\"KEEP\",\"config\":{\"ack_policy\":7,\"max_ack_pending\":-9}}",
          "{\"stream_name\":\"KEEP\",\"action\":\"update\",\"config\":{\"name\":\"%s\"}}",
          "{\"pause_until\":\"soon\"}");

  private static final List<String> NAMES =
      List.of("FZ", "FZ2", "a.b", "a*b", "x/y", "", "Ω", "very-long-" + "n".repeat(300));

  @TempDir Path dir;

  @Test
  void everyBadRequestGetsAnAnswerAndNothingIsLost() throws Exception {
    long seed = Long.getLong("fuzz.seed", 12);
    int iterations = Integer.getInteger("fuzz.iterations", 1500);
    Random random = new Random(seed);
    try (TestServer s =
            TestServer.start(
                b -> b.set(NodeSettings.JETSTREAM, true).set(NodeSettings.STORE_DIR, dir));
        Connection nc =
            Nats.connect(
                new Options.Builder()
                    .server(s.url())
                    .connectionTimeout(Duration.ofSeconds(3))
                    .maxReconnects(0)
                    .build())) {
      nc.request(
          "$JS.API.STREAM.CREATE.KEEP",
          bytes("{\"name\":\"KEEP\",\"subjects\":[\"keep\"]}"),
          Duration.ofSeconds(2));
      for (int i = 0; i < 10; i++) {
        nc.request("keep", bytes("m" + i), Duration.ofSeconds(2));
      }
      for (int i = 0; i < iterations; i++) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        String subject =
            "$JS.API." + OPERATIONS.get(random.nextInt(OPERATIONS.size())).formatted(name, name);
        byte[] body = body(random, name);
        if (subject.contains(" ") || subject.contains("..") || subject.endsWith(".")) {
          continue; // not a subject a client can publish to
        }
        Message reply = nc.request(subject, body, Duration.ofSeconds(2));
        String what = subject + " " + new String(body, StandardCharsets.UTF_8);
        assertThat(reply).as("an answer to " + what).isNotNull();
        JsonNode json = Json.MAPPER.readTree(reply.getData());
        assertThat(json.path("type").asText()).as("a typed reply to " + what).startsWith("io.");
        if (json.has("error")) {
          assertThat(json.at("/error/err_code").asInt()).as(what).isBetween(10_000, 10_300);
          assertThat(json.at("/error/description").asText()).as(what).isNotBlank();
        }
      }
      // What was there is still there, and the node still takes publishes.
      JsonNode info =
          Json.MAPPER.readTree(
              nc.request("$JS.API.STREAM.INFO.KEEP", new byte[0], Duration.ofSeconds(2)).getData());
      assertThat(info.at("/state/messages").asLong()).isEqualTo(10);
      Message ack = nc.request("keep", bytes("after"), Duration.ofSeconds(2));
      assertThat(new String(ack.getData(), StandardCharsets.UTF_8)).contains("\"seq\":11");
      // And its consumers still deliver: a new one reads all eleven.
      nc.request(
          "$JS.API.CONSUMER.CREATE.KEEP.AFTER",
          bytes("{\"stream_name\":\"KEEP\",\"config\":{\"name\":\"AFTER\"}}"),
          Duration.ofSeconds(2));
      Subscription inbox = nc.subscribe("fuzz.inbox");
      nc.publish("$JS.API.CONSUMER.MSG.NEXT.KEEP.AFTER", "fuzz.inbox", bytes("{\"batch\":11}"));
      for (int i = 0; i < 11; i++) {
        assertThat(inbox.nextMessage(Duration.ofSeconds(2))).as("message %d", i + 1).isNotNull();
      }
    }
  }

  private static byte[] body(Random random, String name) {
    if (random.nextInt(5) == 0) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      return junk;
    }
    String b = BODIES.get(random.nextInt(BODIES.size())).formatted(name, name);
    if (!b.isEmpty() && random.nextInt(4) == 0) {
      b = b.substring(0, random.nextInt(b.length())); // cut short
    }
    return bytes(b);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
