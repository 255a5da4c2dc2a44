package io.tributary.control.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * Bad input is a 4xx problem, never a 500, and each endpoint family is probed the same way (add the
 * next endpoint to the tables): concurrent creates of one name (one 201, the rest 409), a NUL
 * character in the path, query or body, out-of-range and malformed paging, values of the wrong JSON
 * type, a weak ETag in If-Match, the fields a problem names (JSON paths and query parameters).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private static final String A = "/api/v1/accounts/bi-acct";

  /** Creates of a named thing: the path, and its body for a name. */
  record Create(String path, Function<String, Map<String, Object>> body) {}

  private static final List<Create> CREATES =
      List.of(
          new Create("/api/v1/accounts", n -> Map.of("name", n)),
          new Create(
              "/api/v1/console-users",
              n ->
                  Map.of(
                      "username", n, "password", "long-enough-password", "role", "account-viewer")),
          new Create("/api/v1/tokens", n -> Map.of("name", n)),
          new Create(
              "/api/v1/clusters", n -> Map.of("name", n, "urls", List.of("nats://127.0.0.1:1"))),
          new Create(A + "/users", n -> Map.of("name", n)),
          new Create(
              A + "/exports", n -> Map.of("name", n, "subject", n + ".>", "type", "stream")));

  /** List endpoints, paged. */
  private static final List<String> LISTS =
      List.of(
          "/api/v1/accounts",
          "/api/v1/console-users",
          "/api/v1/tokens",
          "/api/v1/clusters",
          "/api/v1/audit",
          A + "/users",
          A + "/signing-keys",
          A + "/exports",
          A + "/imports");

  private String admin;

  @BeforeEach
  void account() {
    if (admin == null) {
      admin = Api.adminToken();
      Api.as(admin).body(Map.of("name", "bi-acct")).post("/api/v1/accounts").then().statusCode(201);
    }
  }

  @Test
  void concurrentCreatesOfOneNameAreOneCreatedAndConflicts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      for (Create c : CREATES) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          calls.add(
              pool.submit(
                  () -> {
                    start.await();
                    return Api.as(admin)
                        .body(c.body().apply("bi-race"))
                        .post(c.path())
                        .statusCode();
                  }));
        }
        start.countDown();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Future<Integer> f : calls) {
          statuses.merge(f.get(), 1, Integer::sum);
        }
        assertThat(statuses).as(c.path()).isEqualTo(Map.of(201, 1, 409, 19));
      }
    } finally {
      pool.shutdownNow();
      // its node does not exist: left registered, every later account would wait on it
      Api.as(admin).delete("/api/v1/clusters/bi-race");
    }
  }

  @Test
  void aNulCharacterIsABadRequest() {
    for (String path :
        List.of(
            "/api/v1/accounts/bi%00acct",
            A + "/users/x%00y",
            "/api/v1/console-users/x%00",
            "/api/v1/audit?actor=x%00y",
            "/api/v1/accounts?page=0%00")) {
      Api.as(admin)
          .urlEncodingEnabled(false)
          .get(path)
          .then()
          .statusCode(400)
          .contentType(Problem.MEDIA_TYPE)
          .body("code", equalTo("bad-parameter"));
    }
    // unauthenticated too
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body("{\"username\":\"ad\\u0000min\",\"password\":\"x\"}")
        .post("/api/v1/auth/login")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-body"))
        .body("errors[0].field", equalTo("username"));
    RestAssured.given()
        .urlEncodingEnabled(false)
        .get("/api/v1/accounts/x%00")
        .then()
        .statusCode(400)
        .body("code", equalTo("bad-parameter"));
    for (String body :
        List.of(
            "{\"name\":\"bi-nul\",\"description\":\"a\\u0000b\"}",
            "{\"name\":\"bi-nul\",\"tags\":[\"a\\u0000\"]}")) {
      Api.as(admin)
          .body(body)
          .post("/api/v1/accounts")
          .then()
          .statusCode(400)
          .body("code", equalTo("malformed-body"));
    }
    Api.as(admin)
        .body("{\"name\":\"u\\u0000\"}")
        .post(A + "/users")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-body"));
  }

  @Test
  void pagingIsBoundedAndItsErrorsAreAboutParameters() {
    for (String list : LISTS) {
      for (String query :
          List.of("page=4294968&size=500", "page=-1", "size=0", "size=501", "size=abc", "page=x")) {
        Api.as(admin)
            .get(list + "?" + query)
            .then()
            .statusCode(400)
            .body("code", equalTo("bad-parameter"))
            .body("detail", not(containsString("body")));
      }
      Api.as(admin).get(list + "?page=1000000&size=500").then().statusCode(200);
    }
  }

  @Test
  void valuesOfTheWrongJsonTypeAreNotCoerced() {
    for (String limits : List.of("-2", "-9999999", "1.5", "\"5\"", "true")) {
      Api.as(admin)
          .body("{\"name\":\"bi-limits\",\"limits\":{\"conn\":" + limits + "}}")
          .post("/api/v1/accounts")
          .then()
          .statusCode(400);
    }
    for (String limits : List.of("-2", "1.5", "\"5\"")) {
      Api.as(admin)
          .body("{\"name\":\"bi-limits\",\"limits\":{\"subs\":" + limits + "}}")
          .post(A + "/users")
          .then()
          .statusCode(400);
    }
    Api.as(admin)
        .body("{\"name\":\"bi-limits\",\"limits\":{\"jetStreamTiers\":{\"R1\":{\"streams\":-5}}}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(400);
    for (String name : List.of("123", "1.5", "true")) {
      Api.as(admin)
          .body("{\"name\":\"bi-types\",\"description\":" + name + "}")
          .post("/api/v1/accounts")
          .then()
          .statusCode(400)
          .body("code", equalTo("malformed-body"));
      Api.as(admin)
          .body("{\"name\":" + name + "}")
          .post(A + "/users")
          .then()
          .statusCode(400)
          .body("code", equalTo("malformed-body"));
    }
    Api.as(admin)
        .body("{\"name\":\"bi-limits\",\"limits\":{\"conn\":-1,\"subs\":0,\"data\":5}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.conn", equalTo(-1))
        .body("limits.subs", equalTo(0))
        .body("limits.data", equalTo(5));
  }

  /**
   * A request refused for its fields, and the fields the problem names (as the client sent them).
   */
  record Fields(String method, String path, String body, String code, List<String> fields) {}

  private static final List<Fields> FIELDS =
      List.of(
          // no body where one is needed: "body", not the Java parameter
          new Fields("POST", "/api/v1/accounts", null, "invalid-body", List.of("body")),
          new Fields("POST", A + "/users", null, "invalid-body", List.of("body")),
          new Fields("POST", "/api/v1/console-users", null, "invalid-body", List.of("body")),
          new Fields("POST", "/api/v1/tokens", null, "invalid-body", List.of("body")),
          new Fields("PATCH", "/api/v1/accounts/bi-acct", null, "invalid-body", List.of("body")),
          // fields, nested ones by their JSON path
          new Fields("POST", "/api/v1/accounts", "{}", "invalid-body", List.of("name")),
          new Fields(
              "POST",
              "/api/v1/accounts",
              "{\"name\":\"bi-fields\",\"limits\":{\"conn\":-2},\"tags\":[\"\"]}",
              "invalid-body",
              List.of("limits.conn", "tags[0]")),
          new Fields(
              "POST",
              "/api/v1/accounts",
              "{\"name\":\"bi-fields\",\"limits\":{\"jetStreamTiers\":{\"R1\":{\"streams\":-5}}}}",
              "invalid-body",
              List.of("limits.jetStreamTiers[R1].streams")),
          new Fields(
              "POST",
              "/api/v1/accounts",
              "{\"name\":\"bi-fields\",\"limits\":{\"jetStreamTiers\":{\"R1\":{\"streams\":\"5\"}}}}",
              "malformed-body",
              List.of("limits.jetStreamTiers[R1].streams")),
          new Fields(
              "POST",
              A + "/users",
              "{\"name\":\"Bad Name\",\"limits\":{\"subs\":-5},"
                  + "\"permissions\":{\"resp\":{\"max\":-5,\"ttlMillis\":0}}}",
              "invalid-body",
              List.of("limits.subs", "name", "permissions.resp.max")),
          new Fields(
              "POST",
              A + "/users",
              "{\"name\":\"bi-fields\",\"permissions\":{\"pub\":{\"allow\":[\"a\",5]}}}",
              "malformed-body",
              List.of("permissions.pub.allow[1]")),
          new Fields(
              "POST",
              "/api/v1/console-users",
              "{\"username\":\"bi-fields\",\"password\":\"short\"}",
              "invalid-body",
              List.of("password", "role")),
          new Fields(
              "POST",
              "/api/v1/tokens",
              "{\"name\":\"bi-fields\",\"ttl\":5}",
              "invalid-body",
              List.of("ttl")),
          new Fields(
              "POST",
              "/api/v1/tokens",
              "{\"name\":\"bi fields\"}",
              "invalid-body",
              List.of("name")),
          // query parameters by their names
          new Fields("GET", "/api/v1/accounts?size=0", null, "bad-parameter", List.of("size")),
          new Fields(
              "GET", A + "/users?page=-1&size=501", null, "bad-parameter", List.of("page", "size")),
          new Fields(
              "GET", "/api/v1/console-users?size=abc", null, "bad-parameter", List.of("size")),
          new Fields("GET", "/api/v1/tokens?page=x", null, "bad-parameter", List.of("page")),
          new Fields(
              "GET", "/api/v1/audit?size=99999999999", null, "bad-parameter", List.of("size")));

  @Test
  void problemsNameTheFieldsAsTheClientSentThem() {
    for (Fields f : FIELDS) {
      RequestSpecification request = Api.as(admin);
      if (f.body() != null) {
        request.body(f.body());
      }
      String what = f.method() + " " + f.path() + " " + f.body();
      var problem =
          request
              .request(f.method(), f.path())
              .then()
              .statusCode(400)
              .contentType(Problem.MEDIA_TYPE)
              .body("code", equalTo(f.code()))
              .extract();
      List<String> fields = problem.path("errors.field");
      assertThat(fields).as(what).isEqualTo(f.fields());
      if (f.fields().equals(List.of("body"))) {
        assertThat((String) problem.path("errors[0].message")).as(what).contains("JSON body");
      }
      String detail = problem.path("detail");
      if (f.code().equals("bad-parameter")) {
        assertThat(detail).as(what).contains("query parameter").doesNotContain("body");
      } else {
        assertThat(detail).as(what).contains("request body");
      }
    }
    // what no resource method answers is still the framework's problem, not a parameter's
    Api.as(admin)
        .get("/api/v1/nowhere?size=abc")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("code", equalTo("not-found"));
    Api.as(admin)
        .put("/api/v1/accounts?size=abc")
        .then()
        .statusCode(405)
        .body("code", equalTo("method-not-allowed"));
  }

  @Test
  void theIdentityKeySignsNoUser() {
    String identity = Api.as(admin).get(A).then().statusCode(200).extract().path("publicKey");
    Api.as(admin)
        .body(Map.of("name", "bi-by-identity", "signingKey", identity))
        .post(A + "/users")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("signingKey"));
    Api.as(admin).body(Map.of("name", "bi-signed")).post(A + "/users").then().statusCode(201);
    Api.as(admin)
        .body(Map.of("signingKey", identity))
        .patch(A + "/users/bi-signed")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"));
  }

  @Test
  void ifMatchTakesStrongETagsOnly() {
    Api.as(admin).body(Map.of("name", "bi-etag")).post("/api/v1/accounts").then().statusCode(201);
    for (String weak : List.of("W/\"1\"", " W/\"1\"", "W/1")) {
      Api.as(admin)
          .header("If-Match", weak)
          .body(Map.of("description", "x"))
          .patch("/api/v1/accounts/bi-etag")
          .then()
          .statusCode(400)
          .body("code", equalTo("bad-if-match"));
    }
    Api.as(admin)
        .header("If-Match", "\"1\"")
        .body(Map.of("description", "x"))
        .patch("/api/v1/accounts/bi-etag")
        .then()
        .statusCode(200);
  }

  @Test
  void consoleUsers() {
    Api.as(admin)
        .body(
            Map.of(
                "username", "bi-created",
                "password", "long-enough-password",
                "role", "account-viewer"))
        .post("/api/v1/console-users")
        .then()
        .statusCode(201)
        .body("createdAt", notNullValue());
    // a non-admin asking about someone else: 404 whatever the method (names do not leak)
    String viewer = Api.consoleUser(admin, "bi-viewer", "account-viewer");
    Api.as(viewer)
        .body(Map.of("password", "another-long-password"))
        .patch("/api/v1/console-users/bi-created")
        .then()
        .statusCode(404);
    Api.as(viewer).delete("/api/v1/console-users/bi-created").then().statusCode(404);
    Api.as(viewer).delete("/api/v1/console-users/bi-nobody").then().statusCode(404);
    Api.as(viewer).delete("/api/v1/console-users/bi-viewer").then().statusCode(403);
  }
}
