package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import io.tributary.dataplane.store.FileIo;
import io.tributary.dataplane.store.ForwardingFileIo;
import io.tributary.dataplane.store.SyncPolicy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A disk that stops taking writes, through JetStream: publishes fail with a JetStream error naming
 * the failure, nothing acknowledged is lost, {@code /healthz}'s problems name the stream, and the
 * stream takes publishes again by itself once the disk does.
 */
class JetStreamDiskFaultTest {
  @TempDir Path dir;

  /** A file system whose writes fail while {@code full} is set (ENOSPC). */
  static final class FillableDisk extends ForwardingFileIo {
    volatile boolean full;

    FillableDisk() {
      super(FileIo.NIO);
    }

    @Override
    public Handle open(Path file) throws IOException {
      return new ForwardingHandle(super.open(file)) {
        @Override
        public void write(ByteBuffer src, long position) throws IOException {
          if (full) {
            throw new IOException("No space left on device");
          }
          super.write(src, position);
        }
      };
    }
  }

  @Test
  void aFullDiskFailsPublishesClearlyAndTheStreamRecoversByItself() throws Exception {
    FillableDisk disk = new FillableDisk();
    AccountRegistry registry = AccountRegistry.global(MemoryBudget.unlimited());
    try (JetStream js =
        JetStream.start(
            new JetStream.Options(
                dir,
                -1,
                -1,
                MasterKey.aes("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "test key"),
                SyncPolicy.ALWAYS,
                disk),
            registry,
            "test-node",
            null)) {
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      InternalClient client = new InternalClient(registry.globalAccount(), "test", Runnable::run);
      client.subscribe("reply.>", m -> replies.add(m.payloadText()));
      client.publish(
          "$JS.API.STREAM.CREATE.DISK",
          "reply.create",
          null,
          "{\"name\":\"DISK\",\"subjects\":[\"disk\"]}".getBytes(StandardCharsets.UTF_8));
      assertThat(replies.poll(5, TimeUnit.SECONDS)).contains("\"did_create\":true");

      assertThat(publish(client, replies, "before")).contains("\"seq\":1");
      disk.full = true;
      JsonNode failed = Json.MAPPER.readTree(publish(client, replies, "lost"));
      assertThat(failed.at("/error/err_code").asInt()).isEqualTo(10077);
      assertThat(failed.at("/error/description").asText()).contains("No space left on device");
      assertThat(js.problems()).anyMatch(p -> p.contains("DISK") && p.contains("No space left"));

      disk.full = false;
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

  private static String publish(InternalClient c, BlockingQueue<String> replies, String payload)
      throws InterruptedException {
    c.publish("disk", "reply.pub", null, payload.getBytes(StandardCharsets.UTF_8));
    String r = replies.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a reply to " + payload).isNotNull();
    return r;
  }
}
