package io.tributary.bench.js;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import io.tributary.bench.load.LoadRuns;
import io.tributary.bench.measure.CpuMeter;

/**
 * The consumer runs of {@code bench js --client raw} on a {@link RawConnection}: what jnats puts on
 * the wire for a pull consumer with explicit acks and for an ordered consumer, at a fraction of its
 * CPU per message. Consumers are created and inspected with jnats (not timed per message); the
 * messages and acks go over the raw connection, and each run checks what it got.
 */
final class RawConsumer {
  private static final int BATCH = 500;
  private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

  private RawConsumer() {}

  /**
   * A durable pull consumer with explicit acks: pull requests of 500 (two outstanding, the next
   * sent as each 500 arrive), every message acked ({@code +ACK}, written together when no more
   * bytes wait to be read); timed until the consumer's ack floor reaches the last message.
   */
  static JsConsume.Result explicitAcks(String url, long pid, long msgs) throws Exception {
    try (Connection c = LoadRuns.connect(url);
        RawConnection raw = RawConnection.connect(url)) {
      JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
      jsm.addOrUpdateConsumer(
          JsPublish.STREAM,
          ConsumerConfiguration.builder()
              .durable("acks")
              .ackPolicy(AckPolicy.Explicit)
              .maxAckPending(20_000)
              .build());
      byte[] pull =
          frame(
              "$JS.API.CONSUMER.MSG.NEXT." + JsPublish.STREAM + ".acks",
              raw.inbox() + "pull",
              ("{\"batch\":" + BATCH + ",\"expires\":30000000000}")
                  .getBytes(StandardCharsets.US_ASCII));
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      out.write(pull);
      out.write(pull);
      long got = 0;
      int sincePull = 0;
      while (got < msgs) {
        if (!raw.hasBuffered() && out.size() > 0) {
          raw.write(out.toByteArray());
          out.reset();
        }
        RawConnection.Frame f = next(raw, got, msgs);
        if (f.status() != 0) {
          if (f.status() == 404 || f.status() == 408) {
            out.write(pull); // the request ended without its messages: ask again
            continue;
          }
          throw new IOException("pull failed with status " + f.status());
        }
        if (f.reply() == null || !f.reply().startsWith("$JS.ACK.")) {
          throw new IOException("a message without its ack subject: " + f.subject());
        }
        out.write(frame(f.reply(), null, ACK));
        got++;
        if (++sincePull == BATCH) {
          out.write(pull);
          sincePull = 0;
        }
      }
      raw.write(out.toByteArray());
      while (jsm.getConsumerInfo(JsPublish.STREAM, "acks").getAckFloor().getStreamSequence()
          < msgs) {
        Thread.sleep(1);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new JsConsume.Result(msgs / seconds, meter.stop());
    }
  }

  /**
   * An ordered consumer as jnats creates one (ephemeral push consumer, deliver all, no acks, flow
   * control with idle heartbeats, in memory, R1) replaying the whole stream: flow-control requests
   * answered, every stream sequence checked to arrive once and in order.
   */
  static JsConsume.Result orderedReplay(String url, long pid, long msgs) throws Exception {
    try (Connection c = LoadRuns.connect(url);
        RawConnection raw = RawConnection.connect(url)) {
      JetStreamManagement jsm = c.jetStreamManagement(JsPublish.options());
      // Its own subscription, as jnats makes: nats-server 2.9 does not deliver a push consumer's
      // messages to a wildcard subscription alone (the inbox's *); outside the inbox, so that no
      // message matches two subscriptions.
      String deliver = "_DELIVER." + raw.inbox().substring("_INBOX.".length()) + "ordered";
      raw.subscribe(deliver, 2);
      CpuMeter meter = CpuMeter.start(pid);
      long t0 = System.nanoTime();
      ConsumerInfo ci =
          jsm.addOrUpdateConsumer(
              JsPublish.STREAM,
              ConsumerConfiguration.builder()
                  .deliverSubject(deliver)
                  .deliverPolicy(DeliverPolicy.All)
                  .ackPolicy(AckPolicy.None)
                  .maxDeliver(1)
                  .flowControl(Duration.ofSeconds(5))
                  .memStorage(true)
                  .numReplicas(1)
                  .replayPolicy(ReplayPolicy.Instant)
                  .build());
      long got = 0;
      while (got < msgs) {
        RawConnection.Frame f = next(raw, got, msgs);
        if (f.status() == 100) {
          if (f.reply() != null) {
            raw.write(frame(f.reply(), null, new byte[0])); // flow control: go on
          }
          continue; // an idle heartbeat
        }
        if (f.status() != 0) {
          throw new IOException("ordered consumer got status " + f.status());
        }
        long streamSeq = streamSequence(f.reply());
        if (streamSeq != got + 1) {
          throw new IOException("expected stream sequence " + (got + 1) + ", got " + streamSeq);
        }
        got++;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      JsConsume.Result r = new JsConsume.Result(msgs / seconds, meter.stop());
      jsm.deleteConsumer(JsPublish.STREAM, ci.getName());
      return r;
    }
  }

  // The next message; a failure says how far the run got.
  private static RawConnection.Frame next(RawConnection raw, long got, long msgs)
      throws IOException {
    try {
      return raw.next();
    } catch (IOException e) {
      throw new IOException("after " + got + " of " + msgs + " messages: " + e.getMessage(), e);
    }
  }

  // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>
  private static long streamSequence(String reply) throws IOException {
    if (reply == null || !reply.startsWith("$JS.ACK.")) {
      throw new IOException("a delivery without its metadata subject: " + reply);
    }
    String[] t = reply.split("\\.");
    return Long.parseLong(t[t.length - 4]);
  }

  private static byte[] frame(String subject, String reply, byte[] payload) {
    String head =
        "PUB " + subject + (reply == null ? "" : " " + reply) + " " + payload.length + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[h.length + payload.length + 2];
    System.arraycopy(h, 0, b, 0, h.length);
    System.arraycopy(payload, 0, b, h.length, payload.length);
    b[b.length - 2] = '\r';
    b[b.length - 1] = '\n';
    return b;
  }
}
