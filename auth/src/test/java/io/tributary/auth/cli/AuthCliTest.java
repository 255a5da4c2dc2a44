package io.tributary.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.jwt.GoJson;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.testing.Tampering;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;

import com.fasterxml.jackson.databind.JsonNode;

class AuthCliTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AuthCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void nkeyGenPrintsAMatchingPair() throws Exception {
    for (String type : new String[] {"operator", "account", "user"}) {
      Result r = run("nkey", "gen", type);
      assertThat(r.code()).isZero();
      JsonNode json = GoJson.mapper().readTree(r.out());
      NKey key = NKey.fromSeed(json.get("seed").asText());
      assertThat(json.get("public_key").asText())
          .isEqualTo(key.publicKey())
          .startsWith(type.substring(0, 1).toUpperCase());
    }
    Result bad = run("nkey", "gen", "wizard");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown key type 'wizard'");
  }

  @Test
  void jwtDecodeExitsZeroOnlyForValidTokens() throws Exception {
    TestUser u = new TestOperator().account("a").user("app");
    Path good = Files.writeString(dir.resolve("u.jwt"), u.jwt() + "\n");
    Result ok = run("jwt", "decode", good.toString());
    assertThat(ok.code()).isZero();
    assertThat(GoJson.mapper().readTree(ok.out()).get("sub").asText()).isEqualTo(u.key.publicKey());

    String jwt = u.jwt();
    Path tampered = Files.writeString(dir.resolve("t.jwt"), Tampering.badSignature(jwt));
    Result bad = run("jwt", "decode", tampered.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("error: JWT signature does not verify with its issuer");
    assertThat(run("jwt", "decode", dir.resolve("missing").toString()).err())
        .contains("no such file");

    u.claims.expires = 1;
    Path expired = Files.writeString(dir.resolve("e.jwt"), u.jwt());
    Result exp = run("jwt", "decode", expired.toString());
    assertThat(exp.code()).isZero();
    assertThat(exp.err()).contains("warning: claim is expired");

    u.claims.expires = 0;
    u.claims.nats.pub.allow("bad..subject");
    Result invalid =
        run("jwt", "decode", Files.writeString(dir.resolve("i.jwt"), u.jwt()).toString());
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains("invalid claims");
  }

  @Test
  void credsShowsEverythingButTheSeed() throws Exception {
    TestUser u = new TestOperator().account("a").user("app");
    u.claims.nats.pub.allow("orders.>");
    Path file = Files.writeString(dir.resolve("app.creds"), u.creds());
    Result r = run("creds", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .doesNotContain(u.key.seed())
        .doesNotContainPattern("\\bS[OAUNC][A-Z2-7]{56}\\b");
    JsonNode json = GoJson.mapper().readTree(r.out());
    assertThat(json.get("user").asText()).isEqualTo("app");
    assertThat(json.get("account").asText()).isEqualTo(u.account.id());
    assertThat(json.get("expires").asText()).isEqualTo("never");
    assertThat(json.get("permissions").get("pub").get("allow").get(0).asText())
        .isEqualTo("orders.>");

    Result broken = run("creds", Files.writeString(dir.resolve("x.creds"), "junk").toString());
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err()).startsWith("error: no user JWT");
  }
}
