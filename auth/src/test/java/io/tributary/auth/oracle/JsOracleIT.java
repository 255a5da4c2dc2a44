package io.tributary.auth.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.creds.Creds;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.testing.NodeOracle;
import io.tributary.auth.testing.Tampering;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.auth.validation.Activations;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.Rejection;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.UserAuthenticator;
import io.tributary.auth.validation.Verdict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Oracle tests against {@code @nats-io/jwt} and {@code @nats-io/nkeys} run by node: identities the
 * JS libraries make pass our decoder, validator and CONNECT checks; identities we make pass the JS
 * decoder and creds parser; keys and signatures agree byte for byte.
 */
class JsOracleIT {
  private static final String NONCE = "aBcDeFgHiJkLmNo";
  private static int cases;

  @AfterAll
  static void report() {
    System.out.println("JS oracle: " + cases + " cases checked");
  }

  @Test
  void identitiesMadeByTheJsLibrariesWorkHere() throws Exception {
    JsonNode made = NodeOracle.run("make", Map.of("nonce", NONCE));
    byte[] nonce = NONCE.getBytes(StandardCharsets.UTF_8);

    for (JsonNode k : made.get("keys")) {
      NKey ours =
          NKey.fromSeed(
              k.get("seed").asText(), NKeyType.valueOf(k.get("type").asText().toUpperCase()));
      assertThat(ours.publicKey()).isEqualTo(k.get("pub").asText());
      assertThat(Base64.getEncoder().encodeToString(ours.sign(nonce)))
          .isEqualTo(k.get("sig").asText());
      cases++;
    }

    long now = Instant.now().getEpochSecond();
    TrustedOperators trust = TrustedOperators.fromJwts(List.of(made.get("operator").asText()), now);
    Map<String, AccountClaims> accounts = new HashMap<>();
    made.get("accounts")
        .properties()
        .forEach(
            e -> {
              Verdict<AccountClaims> v = trust.verifyAccount(e.getValue().asText(), now);
              assertThat(v.isAccepted()).as(e.getKey() + ": " + v).isTrue();
              accounts.put(v.value().subject, v.value());
              cases++;
            });
    assertThat(trust.systemAccount())
        .isEqualTo(
            accounts.values().stream()
                .filter(a -> a.name.equals("SYS"))
                .findFirst()
                .orElseThrow()
                .subject);

    Verdict<AccountClaims> bare = trust.verifyAccount(made.get("bare").asText(), now);
    assertThat(bare.toString())
        .as("absent limits are 0, not unlimited")
        .contains("more imports than allowed");
    cases++;

    AccountClaims exporter = accounts.get(made.get("exporterId").asText());
    AccountClaims importer = accounts.get(made.get("importerId").asText());
    assertThat(exporter.nats.signingKeys.scope(made.get("scopeKey").asText()).template.pub.allow)
        .containsExactly("app.{{name()}}.>");
    for (Import imp : importer.nats.imports) {
      Verdict<Export> v = Activations.authorize(imp, importer.subject, exporter, now);
      assertThat(v.isAccepted()).as(imp.name + ": " + v).isTrue();
      cases++;
    }

    UserAuthenticator auth = new UserAuthenticator(trust);
    for (JsonNode u : made.get("users")) {
      String label = u.get("label").asText();
      String sig = label.equals("bearer") ? null : u.get("sig").asText();
      Verdict<AuthorizedUser> v =
          auth.authenticate(
              new ConnectAttempt(
                  u.get("jwt").asText(),
                  sig,
                  nonce,
                  java.net.InetAddress.getLoopbackAddress(),
                  "STANDARD",
                  Instant.now()),
              accounts::get);
      if (label.equals("expired")) {
        assertThat(v.reason()).isEqualTo(Rejection.EXPIRED);
      } else {
        assertThat(v.isAccepted()).as(label + ": " + v).isTrue();
        AuthorizedUser a = v.value();
        switch (label) {
          case "plain" -> assertThat(a.permissions().pub.allow).containsExactly("orders.>");
          case "scoped" -> assertThat(a.permissions().pub.allow).containsExactly("app.scoped.>");
          case "by-signing-key" -> {
            assertThat(a.defaultPermissions()).isTrue();
            assertThat(a.permissions().sub.allow).containsExactly("public.>");
          }
          case "expiring" -> assertThat(a.expiresAt()).isAfter(Instant.now());
          case "limited" -> assertThat(a.limits().subs).isEqualTo(10);
          default -> {}
        }
      }
      cases++;
      Creds creds = CredsFile.parse(u.get("creds").asText());
      assertThat(creds.userKey().publicKey()).isEqualTo(u.get("pub").asText());
      cases++;
    }
  }

  @Test
  void identitiesMadeHereWorkInTheJsLibraries() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount acme = op.account("acme");
    acme.claims.nats.exports.add(new Export("svc", "svc.>", ExportType.SERVICE));
    acme.claims.nats.limits.conn = 10;
    UserPermissionLimits template = new UserPermissionLimits();
    template.pub.allow("app.{{name()}}.>");
    TestUser scoped = acme.scopedUser("bob", "app", template);
    TestUser plain = acme.user("alice");
    plain.claims.nats.pub.allow("orders.>");
    plain.claims.nats.resp = new io.tributary.auth.claims.ResponsePermission(1, 1_000_000_000L);
    TestUser viaKey = acme.userBySigningKey("carol");
    TestAccount other = op.account("other");
    String activation =
        JwtCodec.encode(ActivationClaims.create(other.id(), "svc.>", ExportType.SERVICE), acme.key);
    GenericClaims delete = new GenericClaims(op.key.publicKey());
    delete.nats.put("accounts", List.of(other.id()));
    String deleteJwt = JwtCodec.encode(delete, op.key);

    List<String> tokens =
        List.of(
            op.jwt(), acme.jwt(), scoped.jwt(), plain.jwt(), viaKey.jwt(), activation, deleteJwt);
    String good = plain.jwt();
    String tampered = Tampering.badSignature(good);
    List<TestUser> users = List.of(scoped, plain, viaKey);
    List<Map<String, String>> keys = new ArrayList<>();
    byte[] nonce = NONCE.getBytes(StandardCharsets.UTF_8);
    for (NKeyType t :
        List.of(
            NKeyType.OPERATOR,
            NKeyType.ACCOUNT,
            NKeyType.USER,
            NKeyType.SERVER,
            NKeyType.CLUSTER)) {
      for (int i = 0; i < 10; i++) {
        NKey k = NKey.generate(t);
        keys.add(
            Map.of(
                "seed",
                k.seed(),
                "pub",
                k.publicKey(),
                "sig",
                Base64.getUrlEncoder().withoutPadding().encodeToString(k.sign(nonce))));
      }
    }
    List<String> allTokens = new ArrayList<>(tokens);
    allTokens.add(tampered);
    JsonNode checked =
        NodeOracle.run(
            "check",
            Map.of(
                "nonce",
                NONCE,
                "tokens",
                allTokens,
                "creds",
                users.stream().map(TestUser::creds).toList(),
                "keys",
                keys));

    for (int i = 0; i < tokens.size(); i++) {
      JsonNode r = checked.get("tokens").get(i);
      assertThat(r.get("ok").asBoolean()).as("JS decode of token %d: %s", i, r).isTrue();
      var ours = JwtCodec.decode(tokens.get(i));
      assertThat(r.get("claims").get("sub").asText()).isEqualTo(ours.subject);
      assertThat(r.get("claims").get("iss").asText()).isEqualTo(ours.issuer);
      assertThat(r.get("claims").get("jti").asText()).isEqualTo(ours.id);
      cases++;
    }
    JsonNode acmeJs = checked.get("tokens").get(1).get("claims").get("nats");
    assertThat(acmeJs.get("limits").get("conn").asInt()).isEqualTo(10);
    assertThat(acmeJs.get("exports").get(0).get("subject").asText()).isEqualTo("svc.>");
    assertThat(
            checked.get("tokens").get(3).get("claims").get("nats").get("resp").get("ttl").asLong())
        .isEqualTo(1_000_000_000L);
    assertThat(checked.get("tokens").get(tokens.size()).get("ok").asBoolean())
        .as("JS refuses a tampered token")
        .isFalse();
    cases++;

    for (int i = 0; i < users.size(); i++) {
      JsonNode c = checked.get("creds").get(i);
      assertThat(c.get("ok").asBoolean()).as("JS parseCreds: %s", c).isTrue();
      assertThat(c.get("pub").asText()).isEqualTo(users.get(i).key.publicKey());
      assertThat(c.get("account").asText()).isEqualTo(acme.id());
      cases++;
    }
    for (int i = 0; i < keys.size(); i++) {
      JsonNode k = checked.get("keys").get(i);
      assertThat(k.get("pub").asText()).isEqualTo(keys.get(i).get("pub"));
      assertThat(k.get("sig").asText()).isEqualTo(keys.get(i).get("sig"));
      assertThat(k.get("verifiesOurs").asBoolean()).isTrue();
      cases++;
    }
  }
}
