package io.tributary.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.tributary.auth.AuthException;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decoders get random, mutated and hostile input: they may only throw their typed exceptions, never
 * crash or hang. Iterations per case default to a CI-sized run; set {@code
 * -Dfuzz.iterations=1000000} for a long local run.
 */
class DecoderFuzzTest {
  private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 5_000);
  private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
  private static final List<String> KEYS =
      List.of(
          "jti",
          "iat",
          "iss",
          "sub",
          "exp",
          "nbf",
          "name",
          "aud",
          "nats",
          "type",
          "version",
          "pub",
          "sub",
          "allow",
          "deny",
          "resp",
          "max",
          "ttl",
          "src",
          "times",
          "start",
          "end",
          "times_location",
          "subs",
          "data",
          "payload",
          "bearer_token",
          "issuer_account",
          "tags",
          "imports",
          "exports",
          "limits",
          "signing_keys",
          "revocations",
          "default_permissions",
          "mappings",
          "authorization",
          "subject",
          "account",
          "token",
          "kind",
          "key",
          "role",
          "template",
          "service_latency",
          "sampling",
          "results",
          "response_type",
          "weight",
          "tiered_limits",
          "trace");
  private static final List<String> TYPES =
      List.of("user", "account", "operator", "activation", "x", "");

  private final NKey account = NKey.generate(NKeyType.ACCOUNT);
  private final NKey operator = NKey.generate(NKeyType.OPERATOR);

  @Test
  void randomStringsOnlyGiveTypedErrors() {
    Random r = new Random(SEED);
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          for (int i = 0; i < ITERATIONS; i++) {
            String s = randomString(r, r.nextInt(200));
            decodeAll(s);
          }
        });
  }

  @Test
  void mutatedTokensOnlyGiveTypedErrors() {
    Random r = new Random(SEED + 1);
    String user =
        JwtCodec.encode(UserClaims.create(NKey.generate(NKeyType.USER).publicKey(), "u"), account);
    String acc = JwtCodec.encode(AccountClaims.create(account.publicKey(), "a"), operator);
    String op = JwtCodec.encode(OperatorClaims.create(operator.publicKey(), "o"), operator);
    List<String> seeds = List.of(user, acc, op);
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          int accepted = 0;
          for (int i = 0; i < ITERATIONS; i++) {
            String s = mutate(r, seeds.get(r.nextInt(seeds.size())));
            accepted += decodeAll(s) ? 1 : 0;
          }
          // A mutation that still verifies must be a no-op mutation; nearly all must be refused.
          assertThat(accepted).isLessThan(ITERATIONS / 10);
        });
  }

  @Test
  void randomSignedPayloadsOnlyGiveTypedErrors() {
    Random r = new Random(SEED + 2);
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          for (int i = 0; i < ITERATIONS; i++) {
            ObjectNode claims = randomObject(r, 0);
            ObjectNode nats = claims.putObject("nats");
            for (int k = r.nextInt(6); k > 0; k--) {
              nats.set(KEYS.get(r.nextInt(KEYS.size())), randomValue(r, 1));
            }
            nats.put("type", TYPES.get(r.nextInt(TYPES.size())));
            claims.put("sub", r.nextBoolean() ? NKey.generate(NKeyType.USER).publicKey() : "x");
            decodeAll(JwtCodecTest.sign(claims, r.nextBoolean() ? account : operator));
          }
        });
  }

  /** Runs every decoder on {@code s}; true if the JWT decoder accepted it. */
  private static boolean decodeAll(String s) {
    boolean accepted = false;
    try {
      Claims c = JwtCodec.decode(s);
      ClaimsValidator.validate(c, 1_700_000_000L);
      accepted = true;
    } catch (AuthException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    try {
      NKey.fromSeed(s);
    } catch (AuthException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try {
      NKey.fromPublicKey(s);
    } catch (AuthException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try {
      CredsFile.parse(s);
    } catch (AuthException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    return accepted;
  }

  private static String mutate(Random r, String token) {
    StringBuilder b = new StringBuilder(token);
    int ops = 1 + r.nextInt(4);
    for (int i = 0; i < ops && b.length() > 0; i++) {
      int pos = r.nextInt(b.length());
      switch (r.nextInt(5)) {
        case 0 -> b.setCharAt(pos, (char) (r.nextInt(95) + 32));
        case 1 -> b.deleteCharAt(pos);
        case 2 -> b.insert(pos, (char) r.nextInt(0x3000));
        case 3 -> b.setLength(pos);
        default -> b.insert(pos, b.substring(pos, Math.min(b.length(), pos + r.nextInt(20))));
      }
    }
    return b.toString();
  }

  private static String randomString(Random r, int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz.-_=+/ \n\r\t{}\"eyJ";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(
          r.nextInt(10) == 0
              ? (char) r.nextInt(0xFFFF)
              : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static ObjectNode randomObject(Random r, int depth) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (int k = r.nextInt(5); k > 0; k--) {
      o.set(KEYS.get(r.nextInt(KEYS.size())), randomValue(r, depth + 1));
    }
    return o;
  }

  private static JsonNode randomValue(Random r, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int pick = r.nextInt(depth > 3 ? 5 : 7);
    return switch (pick) {
      case 0 -> f.textNode(randomString(r, r.nextInt(12)));
      case 1 -> f.numberNode(r.nextLong());
      case 2 -> f.numberNode(r.nextInt(200) - 100);
      case 3 -> f.booleanNode(r.nextBoolean());
      case 4 -> f.nullNode();
      case 5 -> {
        ArrayNode a = f.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(randomValue(r, depth + 1));
        }
        yield a;
      }
      default -> randomObject(r, depth);
    };
  }
}
