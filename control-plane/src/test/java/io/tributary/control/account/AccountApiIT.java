package io.tributary.control.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.claims.OperatorLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Accounts through the REST API: the happy path and every refusal, with nothing written on one;
 * every JetStream limit, flat and tiered, from the API into the signed JWT.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AccountApiIT {
  @Inject EntityManager em;
  private String token;

  @BeforeEach
  void login() {
    token = Api.adminToken();
  }

  @Test
  void createReadChangeDelete() {
    api()
        .body(Map.of("name", "acme", "description", "Acme Corp", "limits", Map.of("conn", 100)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .header("Location", endsWith("/api/v1/accounts/acme"))
        .header("ETag", "\"1\"")
        .body("limits.conn", equalTo(100))
        .body("limits.subs", equalTo(-1))
        .body("limits.diskStorage", equalTo(0));
    String jwt = api().accept(ContentType.TEXT).get("/api/v1/accounts/acme/jwt").asString();
    String operatorJwt = api().get("/api/v1/operator").path("jwt");
    long now = Instant.now().getEpochSecond();
    var verdict = TrustedOperators.fromJwts(List.of(operatorJwt), now).verifyAccount(jwt, now);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    assertThat(verdict.value().name).isEqualTo("acme");
    assertThat(verdict.value().nats.limits.conn).isEqualTo(100);

    api().get("/api/v1/accounts").then().statusCode(200).body("items.name", hasItem("acme"));

    api()
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(428)
        .body("code", equalTo("precondition-required"));
    api()
        .header("If-Match", "\"7\"")
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(412)
        .body("code", equalTo("stale-version"));
    api()
        .header("If-Match", "\"1\"")
        .body(Map.of("limits", Map.of("conn", 5)))
        .patch("/api/v1/accounts/acme")
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("limits.conn", equalTo(5))
        .body("description", equalTo("Acme Corp"));
    String changed = api().accept(ContentType.TEXT).get("/api/v1/accounts/acme/jwt").asString();
    assertThat(JwtCodec.decode(changed, AccountClaims.class).nats.limits.conn).isEqualTo(5);
    assertThat(changed).isNotEqualTo(jwt);

    api().delete("/api/v1/accounts/acme").then().statusCode(204);
    api()
        .get("/api/v1/accounts/acme")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    assertThat(audit("acme")).containsExactly("account.create", "account.update", "account.delete");
  }

  @Test
  void refusalsWriteNothing() {
    api().body(Map.of("name", "globex")).post("/api/v1/accounts").then().statusCode(201);
    api()
        .body(Map.of("name", "globex"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(409)
        .body("code", equalTo("name-taken"));
    api()
        .body(Map.of("name", "Not Valid!"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("name"));
    api()
        .body("{\"name\": \"x\", \"limits\": {\"conn\": \"many\"}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-body"))
        .body("errors[0].field", equalTo("limits.conn"));
    api().get("/api/v1/accounts?size=0").then().statusCode(400);
    assertThat(audit("globex")).containsExactly("account.create");
    assertThat(count("select count(*) from account where name in ('globex', 'x')")).isEqualTo(1);
    given().get("/api/v1/accounts").then().statusCode(401);
  }

  @Test
  void everyFlatJetStreamLimitReachesTheJwt() {
    Map<String, Object> js = new LinkedHashMap<>();
    js.put("memoryStorage", 1_000_000);
    js.put("diskStorage", 5_000_000_000L);
    js.put("streams", 10);
    js.put("consumers", 100);
    js.put("maxAckPending", 1000);
    js.put("memoryMaxStreamBytes", 500_000);
    js.put("diskMaxStreamBytes", 3_000_000_000L);
    js.put("maxBytesRequired", true);
    api()
        .body(Map.of("name", "js-flat", "limits", js))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.memoryStorage", equalTo(1_000_000))
        .body("limits.diskStorage", equalTo(5_000_000_000L))
        .body("limits.streams", equalTo(10))
        .body("limits.consumers", equalTo(100))
        .body("limits.maxAckPending", equalTo(1000))
        .body("limits.memoryMaxStreamBytes", equalTo(500_000))
        .body("limits.diskMaxStreamBytes", equalTo(3_000_000_000L))
        .body("limits.maxBytesRequired", equalTo(true))
        .body("limits.jetStreamTiers", equalTo(Map.of()))
        .body("limits.conn", equalTo(-1));
    OperatorLimits l = limitsInJwt("js-flat");
    assertThat(l.memoryStorage).isEqualTo(1_000_000);
    assertThat(l.diskStorage).isEqualTo(5_000_000_000L);
    assertThat(l.streams).isEqualTo(10);
    assertThat(l.consumer).isEqualTo(100);
    assertThat(l.maxAckPending).isEqualTo(1000);
    assertThat(l.memoryMaxStreamBytes).isEqualTo(500_000);
    assertThat(l.diskMaxStreamBytes).isEqualTo(3_000_000_000L);
    assertThat(l.maxBytesRequired).isTrue();
    assertThat(l.tieredLimits).isEmpty();

    // a PATCH changes the limits it names and keeps the others
    api()
        .header("If-Match", "\"1\"")
        .body(Map.of("limits", Map.of("maxAckPending", -1, "maxBytesRequired", false)))
        .patch("/api/v1/accounts/js-flat")
        .then()
        .statusCode(200)
        .body("limits.maxAckPending", equalTo(-1))
        .body("limits.maxBytesRequired", equalTo(false))
        .body("limits.diskStorage", equalTo(5_000_000_000L));
    l = limitsInJwt("js-flat");
    assertThat(l.maxAckPending).isEqualTo(-1);
    assertThat(l.maxBytesRequired).isFalse();
    assertThat(l.diskMaxStreamBytes).isEqualTo(3_000_000_000L);
  }

  @Test
  void jetStreamTiersReachTheJwtAndExcludeFlatLimits() {
    Map<String, Object> r1 = new LinkedHashMap<>();
    r1.put("memoryStorage", 1_000_000);
    r1.put("diskStorage", 2_000_000);
    r1.put("streams", 3);
    r1.put("consumers", 4);
    r1.put("maxAckPending", 5);
    r1.put("memoryMaxStreamBytes", 6);
    r1.put("diskMaxStreamBytes", 7);
    r1.put("maxBytesRequired", true);
    Map<String, Object> r3 = Map.of("diskStorage", -1, "streams", -1);
    api()
        .body(Map.of("name", "js-tiers", "limits", Map.of("jetStreamTiers", Map.of("R1", r1))))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.jetStreamTiers.R1.diskMaxStreamBytes", equalTo(7))
        .body("limits.jetStreamTiers.R1.maxBytesRequired", equalTo(true))
        .body("limits.diskStorage", equalTo(0));
    OperatorLimits l = limitsInJwt("js-tiers");
    assertThat(l.isSet()).as("no flat JetStream limit beside tiers").isFalse();
    JetStreamLimits t1 = l.tieredLimits.get("R1");
    assertThat(t1.memoryStorage).isEqualTo(1_000_000);
    assertThat(t1.diskStorage).isEqualTo(2_000_000);
    assertThat(t1.streams).isEqualTo(3);
    assertThat(t1.consumer).isEqualTo(4);
    assertThat(t1.maxAckPending).isEqualTo(5);
    assertThat(t1.memoryMaxStreamBytes).isEqualTo(6);
    assertThat(t1.diskMaxStreamBytes).isEqualTo(7);
    assertThat(t1.maxBytesRequired).isTrue();

    // tiers given replace the account's tiers as a whole; a tier's absent fields are 0
    api()
        .header("If-Match", "\"1\"")
        .body(Map.of("limits", Map.of("jetStreamTiers", Map.of("R1", r1, "R3", r3))))
        .patch("/api/v1/accounts/js-tiers")
        .then()
        .statusCode(200)
        .body("limits.jetStreamTiers.R3.diskStorage", equalTo(-1))
        .body("limits.jetStreamTiers.R3.memoryStorage", equalTo(0))
        .body("limits.jetStreamTiers.R3.maxBytesRequired", equalTo(false));
    l = limitsInJwt("js-tiers");
    assertThat(l.tieredLimits).containsOnlyKeys("R1", "R3");
    assertThat(l.tieredLimits.get("R3").diskStorage).isEqualTo(-1);
    assertThat(l.tieredLimits.get("R3").streams).isEqualTo(-1);
    assertThat(l.tieredLimits.get("R3").memoryStorage).isZero();

    // a flat limit beside the tiers is refused (NATS refuses such a JWT), and nothing is written
    api()
        .header("If-Match", "\"2\"")
        .body(Map.of("limits", Map.of("diskStorage", 1_000_000, "streams", -1)))
        .patch("/api/v1/accounts/js-tiers")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("limits.jetStreamTiers"))
        .body("errors[0].message", containsString("diskStorage, streams"));
    // switching to flat limits: the same change empties the tiers
    api()
        .header("If-Match", "\"2\"")
        .body(Map.of("limits", Map.of("diskStorage", 1_000_000, "jetStreamTiers", Map.of())))
        .patch("/api/v1/accounts/js-tiers")
        .then()
        .statusCode(200)
        .header("ETag", "\"3\"")
        .body("limits.jetStreamTiers", equalTo(Map.of()));
    l = limitsInJwt("js-tiers");
    assertThat(l.tieredLimits).isEmpty();
    assertThat(l.diskStorage).isEqualTo(1_000_000);
    // and tiers are refused while the account has flat limits
    api()
        .header("If-Match", "\"3\"")
        .body(Map.of("limits", Map.of("jetStreamTiers", Map.of("R3", r3))))
        .patch("/api/v1/accounts/js-tiers")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors[0].message", containsString("diskStorage"));
    assertThat(audit("js-tiers"))
        .containsExactly("account.create", "account.update", "account.update");
  }

  @Test
  void invalidJetStreamLimitsAreRefused() {
    refused(Map.of("diskStorage", -2), "limits.diskStorage");
    refused(Map.of("maxAckPending", -5), "limits.maxAckPending");
    refused(Map.of("memoryMaxStreamBytes", -2), "limits.memoryMaxStreamBytes");
    refused(Map.of("conn", -3), "limits.conn");
    refused(
        Map.of("jetStreamTiers", Map.of("R1", Map.of("streams", -2))),
        "limits.jetStreamTiers[R1].streams");
    refused(Map.of("jetStreamTiers", Map.of("R9", Map.of())), "limits.jetStreamTiers[R9]");
    refused(Map.of("jetStreamTiers", Map.of("r1", Map.of())), "limits.jetStreamTiers[r1]");
    refused(
        Map.of("memoryStorage", 1, "jetStreamTiers", Map.of("R1", Map.of("memoryStorage", 1))),
        "limits.jetStreamTiers");
    api()
        .body("{\"name\": \"js-bad\", \"limits\": {\"jetStreamTiers\": {\"R1\": null}}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-body"))
        .body("errors[0].field", equalTo("limits.jetStreamTiers[R1]"));
    api()
        .body("{\"name\": \"js-bad\", \"limits\": {\"maxBytesRequired\": \"yes\"}}")
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-body"));
    assertThat(count("select count(*) from account where name = 'js-bad'")).isZero();
  }

  /**
   * Accounts stored before every JetStream limit was in the API get them from migration V9 with the
   * values their JWT had, and can be changed afterwards.
   */
  @Test
  void v9GivesOlderAccountsEveryJetStreamLimit() throws IOException {
    api().body(Map.of("name", "js-old")).post("/api/v1/accounts").then().statusCode(201);
    String before = api().accept(ContentType.TEXT).get("/api/v1/accounts/js-old/jwt").asString();
    assertThat(
            count(
                "select count(*) from account where name = 'js-old'"
                    + " and limits -> 'maxAckPending' is not null and limits -> 'jetStreamTiers' is not null"))
        .as("the JSON column has the field names V9 writes")
        .isEqualTo(1);
    sql(
        "update account set limits = limits - 'maxAckPending' - 'memoryMaxStreamBytes'"
            + " - 'diskMaxStreamBytes' - 'maxBytesRequired' - 'jetStreamTiers'"
            + " where name = 'js-old'");
    api().get("/api/v1/accounts/js-old").then().body("limits.maxAckPending", nullValue());
    sql(migration("V9__account_jetstream_limits.sql"));
    api()
        .get("/api/v1/accounts/js-old")
        .then()
        .statusCode(200)
        .body("limits.maxAckPending", equalTo(0))
        .body("limits.maxBytesRequired", equalTo(false))
        .body("limits.jetStreamTiers", equalTo(Map.of()))
        .body("limits.conn", equalTo(-1));
    api()
        .header("If-Match", "\"1\"")
        .body(Map.of("limits", Map.of("conn", 7)))
        .patch("/api/v1/accounts/js-old")
        .then()
        .statusCode(200);
    String after = api().accept(ContentType.TEXT).get("/api/v1/accounts/js-old/jwt").asString();
    OperatorLimits was = JwtCodec.decode(before, AccountClaims.class).nats.limits;
    OperatorLimits is = JwtCodec.decode(after, AccountClaims.class).nats.limits;
    assertThat(is.conn).isEqualTo(7);
    assertThat(is.isSet()).isEqualTo(was.isSet()).isFalse();
    assertThat(is.tieredLimits).isEmpty();
  }

  private void refused(Map<String, Object> limits, String field) {
    api()
        .body(Map.of("name", "js-bad", "limits", limits))
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-body"))
        .body("errors.field", equalTo(List.of(field)));
  }

  private OperatorLimits limitsInJwt(String account) {
    String jwt =
        api().accept(ContentType.TEXT).get("/api/v1/accounts/" + account + "/jwt").asString();
    String operatorJwt = api().get("/api/v1/operator").path("jwt");
    long now = Instant.now().getEpochSecond();
    var verdict = TrustedOperators.fromJwts(List.of(operatorJwt), now).verifyAccount(jwt, now);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    return verdict.value().nats.limits;
  }

  /** Runs {@code sql} as it is (no parameters), in a transaction of its own. */
  private void sql(String sql) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.unwrap(Session.class)
                    .doWork(
                        c -> {
                          try (Statement st = c.createStatement()) {
                            st.execute(sql);
                          }
                        }));
  }

  private static String migration(String name) throws IOException {
    try (InputStream in =
        AccountApiIT.class.getClassLoader().getResourceAsStream("db/migration/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private RequestSpecification api() {
    return Api.as(token);
  }

  private List<Object> audit(String target) {
    return List.copyOf(
        em.createNativeQuery("select action from audit_log where target = ?1 order by id")
            .setParameter(1, target)
            .getResultList());
  }

  private long count(String sql) {
    return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
  }
}
