package io.tributary.dataplane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A message's accounted size counts its subject's UTF-8 bytes without encoding it. */
class StoreLimitsTest {
  @Test
  void countsUtf8BytesAsGetBytesDoes() {
    String[] subjects = {
      "",
      "orders.eu.1",
      "prix.é",
      "日本.東京",
      "emoji.\uD83D\uDE00.x",
      "lone.\uD800",
      "lone.\uDC00.end",
      "\uDBFF",
      "\uD83D\uDE00\uD83D",
      "\u07FF\u0800\uFFFF"
    };
    for (String s : subjects) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, StoreLimits.utf8Length(s), s);
    }
    Random random = new Random(3);
    for (int n = 0; n < 2_000; n++) {
      char[] chars = new char[random.nextInt(12)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x900) : random.nextInt(0x10000));
      }
      String s = new String(chars);
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, StoreLimits.utf8Length(s));
    }
    assertEquals(11 + 2 + 3, StoreLimits.sizeOf("orders.eu.1", new byte[2], new byte[3]));
  }
}
