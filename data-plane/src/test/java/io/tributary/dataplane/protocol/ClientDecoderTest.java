package io.tributary.dataplane.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class ClientDecoderTest {
  /** Records what the decoder reports, as text. */
  static final class Recorder implements ProtocolHandler {
    final List<String> events = new ArrayList<>();
    boolean headers = true;
    int maxPayload = 1024 * 1024;

    @Override
    public void connect(String json) {
      events.add("CONNECT " + json);
    }

    @Override
    public void publish(
        InternedSubject subject, byte[] reply, byte[] buf, int offset, int size, int headerSize) {
      String r = reply == null ? "null" : new String(reply, StandardCharsets.UTF_8);
      String body = new String(buf, offset, size, StandardCharsets.UTF_8);
      events.add("PUB " + subject.text() + " " + r + " " + headerSize + " " + body);
    }

    @Override
    public void subscribe(String subject, String queue, String sid) {
      events.add("SUB " + subject + " " + queue + " " + sid);
    }

    @Override
    public void unsubscribe(String sid, long max) {
      events.add("UNSUB " + sid + " " + max);
    }

    @Override
    public void ping() {
      events.add("PING");
    }

    @Override
    public void pong() {
      events.add("PONG");
    }

    @Override
    public void protocolError(ProtocolError error) {
      events.add("ERROR " + error);
    }

    @Override
    public int maxPayload() {
      return maxPayload;
    }

    @Override
    public boolean headersEnabled() {
      return headers;
    }
  }

  private static final String SCRIPT =
      "CONNECT {\"verbose\":false}\r\n"
          + "SUB foo.* 1\r\n"
          + "sub bar q 2\r\n"
          + "PUB foo.a 5\r\nhello\r\n"
          + "PUB foo.b reply.1 0\r\n\r\n"
          + "HPUB foo.c 12 14\r\nNATS/1.0\r\n\r\nhi\r\n"
          + "UNSUB 1 10\r\n"
          + "UNSUB 2\r\n"
          + "PING\r\nPONG\r\n";

  private static final List<String> EXPECTED =
      List.of(
          "CONNECT {\"verbose\":false}",
          "SUB foo.* null 1",
          "SUB bar q 2",
          "PUB foo.a null -1 hello",
          "PUB foo.b reply.1 -1 ",
          "PUB foo.c null 12 NATS/1.0\r\n\r\nhi",
          "UNSUB 1 10",
          "UNSUB 2 -1",
          "PING",
          "PONG");

  @Test
  void decodesAWholeScript() {
    assertThat(decodeInChunks(SCRIPT, SCRIPT.length()).events).isEqualTo(EXPECTED);
  }

  /**
   * nats-server's TestParsePing style: the same script split at every byte index gives the same
   * events.
   */
  @Test
  void anySplitGivesTheSameEvents() {
    byte[] bytes = SCRIPT.getBytes(StandardCharsets.UTF_8);
    for (int split = 1; split < bytes.length; split++) {
      Recorder r = new Recorder();
      ClientDecoder d = new ClientDecoder(r, 4096);
      d.decode(Unpooled.wrappedBuffer(bytes, 0, split));
      d.decode(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      assertThat(r.events).as("split at %d", split).isEqualTo(EXPECTED);
    }
    assertThat(decodeInChunks(SCRIPT, 1).events).isEqualTo(EXPECTED);
  }

  /**
   * Payloads that span reads share one scratch array: a shorter one after a longer one is exact.
   */
  @Test
  void payloadsThatSpanReadsDoNotSeeEachOther() {
    assertThat(decodeInChunks("PUB a 10\r\n0123456789\r\nPUB b 3\r\nxyz\r\n", 3).events)
        .containsExactly("PUB a null -1 0123456789", "PUB b null -1 xyz");
  }

  @Test
  void errorsStopTheDecoder() {
    assertThat(decodeInChunks("CONNECT\r\nPING\r\n", 100).events)
        .containsExactly("ERROR PARSE_ERROR");
    assertThat(decodeInChunks("FOO\r\nPING\r\n", 100).events)
        .containsExactly("ERROR UNKNOWN_OPERATION");
    assertThat(decodeInChunks("PUB foo 3\r\nabcXX", 100).events)
        .containsExactly("ERROR UNKNOWN_OPERATION");
    assertThat(decodeInChunks("PUB foo\r\n", 100).events).containsExactly("ERROR PARSE_ERROR");
    assertThat(decodeInChunks("SUB " + "x".repeat(5000), 64).events)
        .containsExactly("ERROR MAX_CONTROL_LINE");
    Recorder noHeaders = new Recorder();
    noHeaders.headers = false;
    new ClientDecoder(noHeaders, 4096).decode(buf("HPUB foo 2 2\r\nab\r\n"));
    assertThat(noHeaders.events).containsExactly("ERROR PARSE_ERROR");
    Recorder small = new Recorder();
    small.maxPayload = 4;
    new ClientDecoder(small, 4096).decode(buf("PUB foo 5\r\nhello\r\n"));
    assertThat(small.events).containsExactly("ERROR MAX_PAYLOAD");
  }

  @Test
  void parseSizeRejectsWhatNatsRejects() {
    assertThat(ClientDecoder.parseSize(bytes("123"), 0, 3)).isEqualTo(123);
    assertThat(ClientDecoder.parseSize(bytes("999999999"), 0, 9)).isEqualTo(999_999_999);
    assertThat(ClientDecoder.parseSize(bytes("1234567890"), 0, 10)).isEqualTo(-1);
    assertThat(ClientDecoder.parseSize(bytes("-1"), 0, 2)).isEqualTo(-1);
    assertThat(ClientDecoder.parseSize(bytes(""), 0, 0)).isEqualTo(-1);
  }

  /** Short fuzz run: random and mutated input never throws, and the decoder stays consistent. */
  @Test
  void randomInputNeverThrows() {
    Random r = new Random(Long.getLong("fuzz.seed", 42));
    int iterations = Integer.getInteger("fuzz.iterations", 20_000);
    byte[] script = SCRIPT.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < iterations; i++) {
      byte[] input;
      if (r.nextBoolean()) {
        input = new byte[r.nextInt(300)];
        r.nextBytes(input);
      } else {
        input = script.clone();
        for (int m = 1 + r.nextInt(5); m > 0; m--) {
          input[r.nextInt(input.length)] = (byte) r.nextInt(256);
        }
      }
      Recorder rec = new Recorder();
      ClientDecoder d = new ClientDecoder(rec, 1024);
      int pos = 0;
      while (pos < input.length) {
        int n = 1 + r.nextInt(input.length - pos);
        boolean open = d.decode(Unpooled.wrappedBuffer(input, pos, n));
        pos += n;
        if (!open) {
          assertThat(rec.events.get(rec.events.size() - 1)).startsWith("ERROR");
          break;
        }
      }
      d.release();
    }
  }

  private static Recorder decodeInChunks(String script, int chunk) {
    Recorder r = new Recorder();
    ClientDecoder d = new ClientDecoder(r, 4096);
    byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      if (!d.decode(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)))) {
        break;
      }
    }
    return r;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ByteBuf buf(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
  }
}
