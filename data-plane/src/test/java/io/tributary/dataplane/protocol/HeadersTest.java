package io.tributary.dataplane.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.nats.client.support.IncomingHeadersProcessor;

/**
 * The header block against jnats, property style: random blocks (repeated keys, keys differing only
 * in case, statuses with and without descriptions) must serialise to jnats's bytes, parse from
 * them, and read back the same in jnats.
 */
class HeadersTest {
  private static final String[] KEYS = {
    "Nats-Msg-Id", "nats-msg-id", "NATS-MSG-ID", "X", "a-b_c.d", "Nats-Expected-Last-Sequence", "k~"
  };

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static Headers parse(String s) {
    byte[] b = bytes(s);
    return Headers.parse(b, 0, b.length);
  }

  @Test
  void noRespondersIsSixteenBytes() {
    assertThat(new String(Headers.status(503).toBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("NATS/1.0 503\r\n\r\n");
    assertThat(parse("NATS/1.0 503\r\n\r\n").status()).isEqualTo(503);
  }

  @Test
  void writesKeyColonSpaceValue() {
    Headers h =
        Headers.builder().add("Nats-Msg-Id", "1").add("A", "x").add("Nats-Msg-Id", "2").build();
    assertThat(h.toString())
        .isEqualTo("NATS/1.0\r\nNats-Msg-Id: 1\r\nNats-Msg-Id: 2\r\nA: x\r\n\r\n");
  }

  @Test
  void statusDescriptionAndValues() {
    Headers h =
        parse("NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 7\r\nX:y\r\nX:  z \r\n\r\n");
    assertThat(h.status()).isEqualTo(100);
    assertThat(h.description()).isEqualTo("Idle Heartbeat");
    assertThat(h.first("Nats-Last-Consumer")).isEqualTo("7");
    assertThat(h.values("X")).containsExactly("y", "z ");
    assertThat(h.values("x")).as("keys are exact").isEmpty();
  }

  @Test
  void randomBlocksAgreeWithJnats() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      Headers.Builder ours = Headers.builder();
      io.nats.client.impl.Headers theirs = new io.nats.client.impl.Headers();
      int n = 1 + random.nextInt(6);
      for (int k = 0; k < n; k++) {
        String key = KEYS[random.nextInt(KEYS.length)];
        String value = value(random);
        ours.add(key, value);
        theirs.add(key, value);
      }
      Headers h = ours.build();
      byte[] wire = theirs.getSerialized();
      assertThat(Headers.parse(wire, 0, wire.length)).as("parsed from jnats").isEqualTo(h);
      IncomingHeadersProcessor back = new IncomingHeadersProcessor(h.toBytes());
      for (String key : h.keys()) {
        assertThat(back.getHeaders().get(key)).as("read back by jnats").isEqualTo(h.values(key));
      }
    }
  }

  @Test
  void randomStatusesAgreeWithJnats() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      int code = 100 + random.nextInt(900);
      String description = random.nextBoolean() ? "" : value(random);
      Headers.Builder b = Headers.builder().status(code, description);
      if (random.nextBoolean()) {
        b.add("Nats-Pending-Messages", String.valueOf(random.nextInt(1000)));
      }
      Headers h = b.build();
      byte[] wire = h.toBytes();
      assertThat(Headers.parse(wire, 0, wire.length)).isEqualTo(h);
      IncomingHeadersProcessor jnats = new IncomingHeadersProcessor(wire);
      assertThat(jnats.getStatus().getCode()).isEqualTo(code);
      if (!description.isEmpty()) {
        assertThat(jnats.getStatus().getMessage()).isEqualTo(description);
      }
    }
  }

  @Test
  void parsesWithinALargerBuffer() {
    byte[] msg = bytes("junkNATS/1.0\r\nA: 1\r\n\r\npayload");
    Headers h = Headers.parse(msg, 4, msg.length - 4 - "payload".length());
    assertThat(h.first("A")).isEqualTo("1");
  }

  @Test
  void malformedBlocksAreRefusedWithAReason() {
    assertThatThrownBy(() -> parse("HTTP/1.1\r\n\r\n")).hasMessageContaining("NATS/1.0");
    assertThatThrownBy(() -> parse("NATS/1.0\r\nA: 1\r\n")).hasMessageContaining("empty line");
    assertThatThrownBy(() -> parse("NATS/1.0\r\nno colon\r\n\r\n")).hasMessageContaining("key");
    assertThatThrownBy(() -> parse("NATS/1.0\r\n: v\r\n\r\n")).hasMessageContaining("key");
    assertThatThrownBy(() -> parse("NATS/1.0 5x3\r\n\r\n")).hasMessageContaining("status");
    assertThatThrownBy(() -> parse("NATS/1.0x\r\n\r\n")).hasMessageContaining("status line");
    assertThatThrownBy(() -> parse("NATS/1.0")).hasMessageContaining("NATS/1.0");
    assertThatThrownBy(() -> Headers.builder().add("a:b", "v")).hasMessageContaining("key");
    assertThatThrownBy(() -> Headers.builder().add("a b", "v")).hasMessageContaining("key");
    assertThatThrownBy(() -> Headers.builder().add("a", "v\r\nB: x"))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> Headers.builder().status(42, "")).hasMessageContaining("three digits");
  }

  // Printable ASCII, no leading or trailing space (jnats trims values on read).
  private static String value(Random random) {
    int len = 1 + random.nextInt(20);
    List<Character> chars = new ArrayList<>();
    for (int i = 0; i < len; i++) {
      chars.add((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
      if (i > 0 && i < len - 1 && random.nextInt(5) == 0) {
        chars.add(' ');
      }
    }
    StringBuilder b = new StringBuilder();
    chars.forEach(b::append);
    return b.toString();
  }
}
