package io.tributary.auth.nkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {
  @ParameterizedTest
  @CsvSource({
    "f,MY",
    "fo,MZXQ",
    "foo,MZXW6",
    "foob,MZXW6YQ",
    "fooba,MZXW6YTB",
    "foobar,MZXW6YTBOI"
  })
  void rfc4648VectorsWithoutPadding(String plain, String encoded) {
    assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
  }

  @Test
  void randomBytesRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] data = new byte[random.nextInt(80)];
      random.nextBytes(data);
      assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
    }
  }
}
