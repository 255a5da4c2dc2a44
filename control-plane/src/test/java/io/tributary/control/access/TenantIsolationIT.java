package io.tributary.control.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * A tenant never sees or changes another tenant's data: every account-scoped endpoint, called by
 * the account-admin of another account, answers 404 exactly as for an account that does not exist
 * (names do not leak) and changes nothing; an account-viewer's writes are refused with 403; an
 * account-admin cannot do what only operator-admins do.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class TenantIsolationIT {
  /** One endpoint: method, path with {a}ccount, {u}ser, {e}xport, {i}mport, {k}ey; body. */
  record Endpoint(String method, String path, Map<String, Object> body, boolean write) {
    Response call(String token, Map<String, String> names) {
      String p = path;
      for (var n : names.entrySet()) {
        p = p.replace("{" + n.getKey() + "}", n.getValue());
      }
      var req = Api.as(token).accept(ContentType.ANY).header("If-Match", "\"1\"");
      if (body != null) {
        req = req.body(body);
      }
      return req.request(method, p);
    }
  }

  private static final String SOME_ACCOUNT_KEY =
      "ADDPF6RGTFUMZ7RQYK4BKCN5LVRG6YRSOJVIA7HMGDSVOSQ6YMFGYGCM";

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/api/v1/accounts/{a}", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/jwt", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/users", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/users/{u}", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/users/{u}/issuances", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/signing-keys", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/exports", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/exports/{e}", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/imports", null, false),
          new Endpoint("GET", "/api/v1/accounts/{a}/imports/{i}", null, false),
          new Endpoint("GET", "/api/v1/audit?account={a}", null, false),
          new Endpoint("PATCH", "/api/v1/accounts/{a}", Map.of("description", "x"), true),
          new Endpoint("POST", "/api/v1/accounts/{a}/users", Map.of("name", "intruder"), true),
          new Endpoint(
              "PATCH", "/api/v1/accounts/{a}/users/{u}", Map.of("tags", List.of("x")), true),
          new Endpoint("POST", "/api/v1/accounts/{a}/users/{u}/creds", Map.of(), true),
          new Endpoint("POST", "/api/v1/accounts/{a}/users/{u}/revoke", null, true),
          new Endpoint("POST", "/api/v1/accounts/{a}/users/{u}/rotate", null, true),
          new Endpoint("POST", "/api/v1/accounts/{a}/signing-keys", Map.of(), true),
          new Endpoint(
              "POST",
              "/api/v1/accounts/{a}/exports",
              Map.of("name", "x", "subject", "x.>", "type", "stream"),
              true),
          new Endpoint(
              "POST",
              "/api/v1/accounts/{a}/exports/{e}/activations",
              Map.of("account", SOME_ACCOUNT_KEY),
              true),
          new Endpoint(
              "POST",
              "/api/v1/accounts/{a}/exports/{e}/activations/" + SOME_ACCOUNT_KEY + "/revoke",
              null,
              true),
          new Endpoint(
              "POST",
              "/api/v1/accounts/{a}/imports",
              Map.of("name", "x", "type", "stream", "account", SOME_ACCOUNT_KEY, "subject", "x"),
              true),
          new Endpoint("DELETE", "/api/v1/accounts/{a}/imports/{i}", null, true),
          new Endpoint("DELETE", "/api/v1/accounts/{a}/exports/{e}", null, true),
          new Endpoint("DELETE", "/api/v1/accounts/{a}/signing-keys/{k}", null, true),
          new Endpoint("DELETE", "/api/v1/accounts/{a}/users/{u}", null, true),
          new Endpoint("DELETE", "/api/v1/accounts/{a}", null, true));

  private static String admin;
  private static String alphaAdmin;
  private static String alphaViewer;
  private static Map<String, String> alpha;
  private static Map<String, String> beta;

  @BeforeEach
  void tenants() {
    if (admin != null) {
      return;
    }
    admin = Api.adminToken();
    account("iso-alpha");
    account("iso-beta");
    alpha = tenant("iso-alpha", "iso-beta");
    beta = tenant("iso-beta", "iso-alpha");
    alphaAdmin = Api.consoleUser(admin, "iso-alpha-admin", "account-admin", "iso-alpha");
    alphaViewer = Api.consoleUser(admin, "iso-alpha-viewer", "account-viewer", "iso-alpha");
  }

  /** An account with a user, a spare signing key, an export, and an import from {@code other}. */
  private static Map<String, String> tenant(String name, String other) {
    String base = "/api/v1/accounts/" + name;
    String exporter = Api.as(admin).get("/api/v1/accounts/" + other).path("publicKey");
    Api.as(admin)
        .body(
            Map.of(
                "name", "in", "type", "stream", "account", exporter, "subject", other + ".feed.>"))
        .post(base + "/imports")
        .then()
        .statusCode(201);
    Api.as(admin).body(Map.of("name", "app")).post(base + "/users").then().statusCode(201);
    String key =
        Api.as(admin)
            .body(Map.of())
            .post(base + "/signing-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("publicKey");
    return Map.of("a", name, "u", "app", "e", "feed", "i", "in", "k", key);
  }

  private static void account(String name) {
    Api.as(admin).body(Map.of("name", name)).post("/api/v1/accounts").then().statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "feed", "subject", name + ".feed.>", "type", "stream"))
        .post("/api/v1/accounts/" + name + "/exports")
        .then()
        .statusCode(201);
  }

  @Test
  void anotherTenantsAdminGetsNotFoundEverywhereAndChangesNothing() {
    String jwtBefore =
        Api.as(admin).accept(ContentType.TEXT).get("/api/v1/accounts/iso-beta/jwt").asString();
    for (Endpoint e : ENDPOINTS) {
      Response theirs = e.call(alphaAdmin, beta);
      Response missing =
          e.call(
              alphaAdmin,
              Map.of("a", "iso-nowhere", "u", "app", "e", "feed", "i", "in", "k", beta.get("k")));
      assertThat(theirs.statusCode()).as(e.method() + " " + e.path()).isEqualTo(404);
      assertThat(theirs.jsonPath().getString("code")).as(e.path()).isEqualTo("not-found");
      assertThat(theirs.jsonPath().getString("detail").replace("iso-beta", "?"))
          .as("the answer does not tell an existing account from a missing one: " + e.path())
          .isEqualTo(missing.jsonPath().getString("detail").replace("iso-nowhere", "?"));
    }
    assertThat(
            Api.as(admin).accept(ContentType.TEXT).get("/api/v1/accounts/iso-beta/jwt").asString())
        .isEqualTo(jwtBefore);
    Api.as(admin).get("/api/v1/accounts/iso-beta/users/app").then().statusCode(200);
    Api.as(alphaAdmin)
        .get("/api/v1/accounts")
        .then()
        .statusCode(200)
        .body("items.name", equalTo(List.of("iso-alpha")))
        .body("total", equalTo(1));
    List<String> audited =
        Api.as(alphaAdmin).get("/api/v1/audit?size=500").jsonPath().getList("items.account");
    assertThat(audited).isNotEmpty().containsOnly("iso-alpha");
  }

  @Test
  void aViewerReadsButCannotWrite() {
    String jwtBefore =
        Api.as(admin).accept(ContentType.TEXT).get("/api/v1/accounts/iso-alpha/jwt").asString();
    for (Endpoint e : ENDPOINTS) {
      Response r = e.call(alphaViewer, alpha);
      if (e.write()) {
        assertThat(r.statusCode()).as(e.method() + " " + e.path()).isEqualTo(403);
        assertThat(r.jsonPath().getString("code")).isIn("read-only", "forbidden");
      } else {
        assertThat(r.statusCode()).as(e.method() + " " + e.path()).isEqualTo(200);
      }
    }
    assertThat(
            Api.as(admin).accept(ContentType.TEXT).get("/api/v1/accounts/iso-alpha/jwt").asString())
        .isEqualTo(jwtBefore);
    Api.as(admin).get("/api/v1/accounts/iso-alpha/users/app").then().statusCode(200);
  }

  @Test
  void anAccountAdminCannotDoWhatOnlyOperatorAdminsDo() {
    String version = Api.as(admin).get("/api/v1/accounts/iso-alpha").header("ETag");
    Api.as(alphaAdmin)
        .header("If-Match", version)
        .body(Map.of("limits", Map.of("conn", 1_000_000)))
        .patch("/api/v1/accounts/iso-alpha")
        .then()
        .statusCode(403);
    Api.as(alphaAdmin).delete("/api/v1/accounts/iso-alpha").then().statusCode(403);
    Api.as(alphaAdmin)
        .body(Map.of("name", "iso-gamma"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(403);
    Api.as(alphaAdmin).get("/api/v1/console-users").then().statusCode(403);
    Api.as(alphaAdmin)
        .body(Map.of("role", "operator-admin"))
        .patch("/api/v1/console-users/iso-alpha-admin")
        .then()
        .statusCode(403);
    Api.as(alphaAdmin).get("/api/v1/console-users/admin").then().statusCode(404);
    Api.as(alphaAdmin)
        .get("/api/v1/console-users/iso-alpha-admin")
        .then()
        .statusCode(200)
        .body("accounts", equalTo(List.of("iso-alpha")));
    Api.as(alphaAdmin).get("/api/v1/operator/server-config").then().statusCode(403);
    // what an account-admin may do to its own account
    Api.as(alphaAdmin)
        .header("If-Match", version)
        .body(Map.of("description", "ours", "tags", List.of("team:alpha")))
        .patch("/api/v1/accounts/iso-alpha")
        .then()
        .statusCode(200)
        .body("tags", equalTo(List.of("team:alpha")));
  }
}
