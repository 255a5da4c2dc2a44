package io.tributary.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.auth.testing.NodeOracle;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every kind of JWT the service signs — operator, system account, accounts with plain and scoped
 * signing keys, exports, imports and revocations, users signed by plain and scoped keys, bearer
 * users, activations — and its creds files are accepted by the official {@code @nats-io/jwt} and
 * {@code @nats-io/nkeys} (signature, encoding, creds format), and read back as we meant them.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class JwtOracleIT {
  @Test
  void officialJsLibrariesAcceptEverythingWeSign() throws Exception {
    String admin = Api.adminToken();
    Api.as(admin).body(Map.of("name", "js-exp")).post("/api/v1/accounts").then().statusCode(201);
    Api.as(admin).body(Map.of("name", "js-imp")).post("/api/v1/accounts").then().statusCode(201);
    String exporter = Api.as(admin).get("/api/v1/accounts/js-exp").path("publicKey");
    String importer = Api.as(admin).get("/api/v1/accounts/js-imp").path("publicKey");
    Api.as(admin)
        .body(Map.of("name", "svc", "subject", "svc.>", "type", "service", "tokenRequired", true))
        .post("/api/v1/accounts/js-exp/exports")
        .then()
        .statusCode(201);
    String activation =
        Api.as(admin)
            .body(Map.of("account", importer))
            .post("/api/v1/accounts/js-exp/exports/svc/activations")
            .path("token");
    Api.as(admin)
        .body(
            Map.of(
                "name", "svc",
                "type", "service",
                "account", exporter,
                "subject", "svc.>",
                "token", activation))
        .post("/api/v1/accounts/js-imp/imports")
        .then()
        .statusCode(201);
    String scoped =
        Api.as(admin)
            .body(
                Map.of(
                    "role",
                    "tenant-app",
                    "template",
                    Map.of(
                        "permissions",
                        Map.of("pub", Map.of("allow", List.of("app.{{name()}}.>"))),
                        "limits",
                        Map.of("subs", 10))))
            .post("/api/v1/accounts/js-exp/signing-keys")
            .path("publicKey");
    Api.as(admin)
        .body(
            Map.of(
                "name",
                "plain",
                "sources",
                List.of("127.0.0.1/32"),
                "times",
                List.of(Map.of("start", "00:00:00", "end", "23:59:59")),
                "connectionTypes",
                List.of("STANDARD", "WEBSOCKET")))
        .post("/api/v1/accounts/js-exp/users")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "scoped", "signingKey", scoped, "tags", List.of("team:js")))
        .post("/api/v1/accounts/js-exp/users")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "bearer", "bearer", true))
        .post("/api/v1/accounts/js-imp/users")
        .then()
        .statusCode(201);
    Api.as(admin).post("/api/v1/accounts/js-exp/users/plain/revoke").then().statusCode(200);

    List<String> creds =
        List.of(
            NatsClients.creds(admin, "js-exp", "plain"),
            NatsClients.creds(admin, "js-exp", "scoped"),
            NatsClients.creds(admin, "js-imp", "bearer"));
    Map<String, Object> operator = Api.as(admin).get("/api/v1/operator").as(Map.class);
    List<String> tokens = new ArrayList<>();
    tokens.add((String) operator.get("jwt"));
    tokens.add((String) operator.get("systemAccountJwt"));
    tokens.add(jwt(admin, "js-exp"));
    tokens.add(jwt(admin, "js-imp"));
    tokens.add(activation);

    JsonNode out =
        NodeOracle.run(
            "check", Map.of("nonce", "n", "tokens", tokens, "creds", creds, "keys", List.of()));
    for (JsonNode t : out.get("tokens")) {
      assertThat(t.get("ok").asBoolean()).as(t.toString()).isTrue();
    }
    for (JsonNode c : out.get("creds")) {
      assertThat(c.get("ok").asBoolean()).as(c.toString()).isTrue();
    }
    JsonNode exp = out.get("tokens").get(2).get("claims").get("nats");
    assertThat(exp.get("type").asText()).isEqualTo("account");
    assertThat(exp.get("signing_keys").toString()).contains(scoped, "user_scope", "tenant-app");
    assertThat(exp.get("exports").get(0).get("token_req").asBoolean()).isTrue();
    assertThat(exp.get("revocations").size()).isEqualTo(1);
    JsonNode imp = out.get("tokens").get(3).get("claims").get("nats");
    assertThat(imp.get("imports").get(0).get("account").asText()).isEqualTo(exporter);
    JsonNode act = out.get("tokens").get(4).get("claims");
    assertThat(act.get("sub").asText()).isEqualTo(importer);
    assertThat(act.get("nats").get("type").asText()).isEqualTo("activation");

    JsonNode plain = out.get("creds").get(0);
    assertThat(plain.get("account").asText()).isEqualTo(exporter);
    JsonNode scopedUser = decode(out, 1);
    assertThat(scopedUser.get("issuer_account").asText()).isEqualTo(exporter);
    assertThat(scopedUser.path("pub").path("allow").isMissingNode())
        .as("a scoped user carries no permissions of its own: " + scopedUser)
        .isTrue();
    assertThat(scopedUser.path("subs").isMissingNode()).isTrue();
    assertThat(scopedUser.get("tags").get(0).asText()).isEqualTo("team:js");
  }

  /** The claims of the user JWT inside creds file {@code i}, as @nats-io/jwt decodes it. */
  private static JsonNode decode(JsonNode out, int i) throws Exception {
    String jwt = out.get("creds").get(i).get("jwt").asText();
    JsonNode again =
        NodeOracle.run(
            "check",
            Map.of("nonce", "n", "tokens", List.of(jwt), "creds", List.of(), "keys", List.of()));
    return again.get("tokens").get(0).get("claims").get("nats");
  }

  private static String jwt(String admin, String account) {
    return Api.as(admin)
        .accept(ContentType.TEXT)
        .get("/api/v1/accounts/" + account + "/jwt")
        .asString();
  }
}
