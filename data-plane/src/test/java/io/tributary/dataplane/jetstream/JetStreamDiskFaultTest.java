package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.account.InternalClient;
import io.tributary.dataplane.keyring.MasterKey;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.store.FaultyFileIo;
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.SyncPolicy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A disk that stops taking writes, through JetStream: publishes, consumer acks and stream creation
 * fail clearly (a JetStream error naming the failure, or no double-ack answer), nothing
 * acknowledged is lost, {@code /healthz}'s problems name the stream or consumer, and each takes
 * writes again by itself once the disk does.
 */
class JetStreamDiskFaultTest {
  @TempDir Path dir;

  @Test
  void aFullDiskFailsPublishesClearlyAndTheStreamRecoversByItself() throws Exception {
    FaultyFileIo disk = new FaultyFileIo();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(disk, registry)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, registry);
      assertThat(request(client, replies, "$JS.API.STREAM.CREATE.DISK", STREAM))
          .contains("\"did_create\":true");

      assertThat(publish(client, replies, "before")).contains("\"seq\":1");
      disk.failWrites = new IOException("No space left on device");
      JsonNode failed = Json.MAPPER.readTree(publish(client, replies, "lost"));
      assertThat(failed.at("/error/err_code").asInt()).isEqualTo(10077);
      assertThat(failed.at("/error/description").asText()).contains("No space left on device");
      assertThat(js.problems()).anyMatch(p -> p.contains("DISK") && p.contains("No space left"));

      disk.failWrites = null;
      String after = null;
      for (int i = 0; i < 50 && (after == null || after.contains("error")); i++) {
        Thread.sleep(100); // housekeeping retries every 250 ms
        after = publish(client, replies, "after");
      }
      assertThat(after).contains("\"seq\":");
      assertThat(js.problems()).isEmpty();
      client.publish(
          "$JS.API.STREAM.MSG.GET.DISK",
          "reply.get",
          null,
          "{\"seq\":1}".getBytes(StandardCharsets.UTF_8));
      assertThat(replies.poll(5, TimeUnit.SECONDS)).contains("\"seq\":1");
      client.close();
    }
  }

  @Test
  void consumerStateOnAFullDiskIsReportedKeptAndWrittenWhenSpaceReturns() throws Exception {
    FaultyFileIo disk = new FaultyFileIo();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(disk, registry)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, registry);
      String[] ackSubjects = threeDelivered(client, replies);

      disk.failWrites = new IOException("No space left on device");
      // Double acks: none is answered while the acks cannot be made durable.
      client.publish(ackSubjects[0], "reply.ack", null, "+ACK".getBytes(StandardCharsets.UTF_8));
      client.publish(ackSubjects[1], "reply.ack", null, "+ACK".getBytes(StandardCharsets.UTF_8));
      assertThat(replies.poll(1, TimeUnit.SECONDS)).as("a double ack answered").isNull();
      JsonNode info = Json.MAPPER.readTree(request(client, replies, INFO_C, ""));
      assertThat(info.path("storage_failure").asText()).contains("No space left on device");
      assertThat(js.problems()).anyMatch(p -> p.startsWith("consumer ") && p.contains("/DISK/C: "));

      disk.failWrites = null; // housekeeping writes the kept acks again, every 250 ms
      for (int i = 0; i < 50 && !js.problems().isEmpty(); i++) {
        Thread.sleep(100);
      }
      assertThat(js.problems()).isEmpty();
      info = Json.MAPPER.readTree(request(client, replies, INFO_C, ""));
      assertThat(info.has("storage_failure")).isFalse();
      client.close();
    }
    // After a restart, the acks made while the disk was full are there: nothing was lost.
    JsonNode info = consumerInfoAfterRestart();
    assertThat(info.at("/ack_floor/stream_seq").asLong()).isEqualTo(2);
    assertThat(info.path("num_ack_pending").asLong()).isEqualTo(1);
  }

  @Test
  void aDoubleAckedAckSurvivesAPowerLoss() throws Exception {
    FaultyFileIo disk = new FaultyFileIo();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    JetStream js = start(disk, registry);
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    InternalClient client = repliesTo(replies, registry);
    String[] ackSubjects = threeDelivered(client, replies);
    client.publish(ackSubjects[1], "reply.ack", null, "+ACK".getBytes(StandardCharsets.UTF_8));
    assertThat(replies.poll(5, TimeUnit.SECONDS)).as("the double ack's answer").isEmpty();
    disk.powerLoss(); // every byte not synced is gone; the node is abandoned as if killed
    client.close();
    js.close();

    JsonNode info = consumerInfoAfterRestart();
    // Message 2 was acknowledged durably: it is never delivered again; 1 and 3 still are
    // (waiting for their acks, or to be delivered again if their deliveries were not synced).
    assertThat(info.path("num_ack_pending").asLong() + info.path("num_pending").asLong())
        .isEqualTo(2);
    assertThat(info.at("/ack_floor/stream_seq").asLong()).isLessThan(2);
  }

  @Test
  void aStreamCreatedOnAFullDiskFailsClearlyAndLeavesNothingBehind() throws Exception {
    FaultyFileIo disk = new FaultyFileIo();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(disk, registry)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, registry);
      disk.failWrites = new IOException("No space left on device");
      JsonNode failed =
          Json.MAPPER.readTree(request(client, replies, "$JS.API.STREAM.CREATE.DISK", STREAM));
      assertThat(failed.at("/error/code").asInt()).isEqualTo(500);
      assertThat(failed.at("/error/description").asText()).contains("No space left on device");
      JsonNode names = Json.MAPPER.readTree(request(client, replies, "$JS.API.STREAM.NAMES", ""));
      assertThat(names.path("total").asInt()).isZero();
      try (var left = java.nio.file.Files.walk(dir)) {
        assertThat(left.map(p -> dir.relativize(p).toString()))
            .as("what the refused creation left on disk")
            .noneMatch(p -> p.contains("DISK"));
      }

      disk.failWrites = null;
      assertThat(request(client, replies, "$JS.API.STREAM.CREATE.DISK", STREAM))
          .contains("\"did_create\":true");
      client.close();
    }
    AccountRegistry again = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(FileIo.NIO, again)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, again);
      assertThat(request(client, replies, "$JS.API.STREAM.NAMES", "")).contains("[\"DISK\"]");
      assertThat(js.problems()).isEmpty();
      client.close();
    }
  }

  @Test
  void anUpdateTheDiskRefusesChangesNothing() throws Exception {
    FaultyFileIo disk = new FaultyFileIo();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(disk, registry)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, registry);
      request(client, replies, "$JS.API.STREAM.CREATE.DISK", STREAM);
      for (int i = 1; i <= 5; i++) {
        assertThat(publish(client, replies, "m" + i)).contains("\"seq\":" + i);
      }
      disk.failWrites = new IOException("No space left on device");
      JsonNode failed =
          Json.MAPPER.readTree(
              request(
                  client,
                  replies,
                  "$JS.API.STREAM.UPDATE.DISK",
                  "{\"name\":\"DISK\",\"subjects\":[\"disk\"],\"max_msgs\":2}"));
      assertThat(failed.at("/error/err_code").asInt()).isEqualTo(10069);
      assertThat(failed.at("/error/description").asText()).contains("No space left on device");
      disk.failWrites = null;
      // The refused update dropped no message and left the configuration as it was.
      JsonNode info =
          Json.MAPPER.readTree(request(client, replies, "$JS.API.STREAM.INFO.DISK", ""));
      assertThat(info.at("/state/messages").asLong()).isEqualTo(5);
      assertThat(info.at("/config/max_msgs").asLong()).isEqualTo(-1);
      client.close();
    }
  }

  private static final String STREAM = "{\"name\":\"DISK\",\"subjects\":[\"disk\"]}";
  private static final String CONSUMER_C =
      "{\"stream_name\":\"DISK\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}";
  private static final String INFO_C = "$JS.API.CONSUMER.INFO.DISK.C";

  private JetStream start(FileIo io, AccountRegistry registry) throws Exception {
    return JetStream.start(
        new JetStream.Options(
            dir,
            -1,
            -1,
            MasterKey.aes("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "test key"),
            SyncPolicy.ALWAYS,
            io),
        registry,
        "test-node",
        null);
  }

  // Stream DISK with durable consumer C, three messages published and fetched: their ack subjects.
  private static String[] threeDelivered(InternalClient client, BlockingQueue<String> replies)
      throws InterruptedException {
    BlockingQueue<InternalClient.Message> msgs = new LinkedBlockingQueue<>();
    client.subscribe("msgs.>", msgs::add);
    request(client, replies, "$JS.API.STREAM.CREATE.DISK", STREAM);
    request(client, replies, "$JS.API.CONSUMER.DURABLE.CREATE.DISK.C", CONSUMER_C);
    for (String p : new String[] {"one", "two", "three"}) {
      assertThat(publish(client, replies, p)).contains("\"seq\":");
    }
    client.publish(
        "$JS.API.CONSUMER.MSG.NEXT.DISK.C",
        "msgs.fetch",
        null,
        "{\"batch\":3}".getBytes(StandardCharsets.UTF_8));
    String[] ackSubjects = new String[3];
    for (int i = 0; i < 3; i++) {
      InternalClient.Message m = msgs.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("message " + (i + 1)).isNotNull();
      ackSubjects[i] = m.reply();
    }
    return ackSubjects;
  }

  // Consumer C's info from a node started again on the same directory (nothing failing), which
  // must report no problem.
  private JsonNode consumerInfoAfterRestart() throws Exception {
    AccountRegistry again = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js = start(FileIo.NIO, again)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = repliesTo(replies, again);
      JsonNode info = Json.MAPPER.readTree(request(client, replies, INFO_C, ""));
      assertThat(js.problems()).isEmpty();
      client.close();
      return info;
    }
  }

  // A client in the global account whose requests' replies land in {@code replies}.
  private static InternalClient repliesTo(BlockingQueue<String> replies, AccountRegistry registry) {
    InternalClient client = new InternalClient(registry.globalAccount(), "test", Runnable::run);
    client.subscribe("reply.>", m -> replies.add(m.payloadText()));
    return client;
  }

  private static String request(
      InternalClient c, BlockingQueue<String> replies, String subject, String body)
      throws InterruptedException {
    c.publish(subject, "reply.req", null, body.getBytes(StandardCharsets.UTF_8));
    String r = replies.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a reply on " + subject).isNotNull();
    return r;
  }

  private static String publish(InternalClient c, BlockingQueue<String> replies, String payload)
      throws InterruptedException {
    c.publish("disk", "reply.pub", null, payload.getBytes(StandardCharsets.UTF_8));
    String r = replies.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a reply to " + payload).isNotNull();
    return r;
  }
}
