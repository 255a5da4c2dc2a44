package io.tributary.control.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorLimits;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

/**
 * The default JetStream allowance, turned on as {@code ./tributary up} turns it on (with the values
 * docs/operations.md documents): accounts created without JetStream limits get it, in the API and
 * in their JWT; accounts created with any JetStream limit keep exactly theirs.
 */
@QuarkusTest
@TestProfile(DefaultJetStreamIT.Allowance.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class DefaultJetStreamIT {
  private static final long MIB = 1024 * 1024;

  /** What {@code scripts/up.sh} sets. */
  public static class Allowance implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tributary.accounts.default-jetstream.enabled", "true");
    }
  }

  private String token;

  @BeforeEach
  void login() {
    token = Api.adminToken();
  }

  @Test
  void anAccountWithoutJetStreamLimitsGetsTheAllowance() {
    api()
        .body(Map.of("name", "quick", "limits", Map.of("conn", 50)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.conn", equalTo(50))
        .body("limits.memoryStorage", equalTo((int) (256 * MIB)))
        .body("limits.diskStorage", equalTo((int) (1024 * MIB)))
        .body("limits.streams", equalTo(-1))
        .body("limits.consumers", equalTo(-1))
        .body("limits.maxAckPending", equalTo(-1))
        .body("limits.memoryMaxStreamBytes", equalTo(-1))
        .body("limits.diskMaxStreamBytes", equalTo(-1))
        .body("limits.maxBytesRequired", equalTo(false))
        .body("limits.jetStreamTiers", equalTo(Map.of()));
    OperatorLimits l = limitsInJwt("quick");
    assertThat(l.isJetStreamEnabled()).isTrue();
    assertThat(l.memoryStorage).isEqualTo(256 * MIB);
    assertThat(l.diskStorage).isEqualTo(1024 * MIB);
    assertThat(l.streams).isEqualTo(-1);
    assertThat(l.consumer).isEqualTo(-1);
    assertThat(l.conn).isEqualTo(50);

    api().body(Map.of("name", "bare")).post("/api/v1/accounts").then().statusCode(201);
    assertThat(limitsInJwt("bare").diskStorage).isEqualTo(1024 * MIB);
  }

  @Test
  void anAccountWithJetStreamLimitsKeepsItsOwn() {
    api()
        .body(Map.of("name", "own", "limits", Map.of("diskStorage", 10 * MIB)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.diskStorage", equalTo((int) (10 * MIB)))
        .body("limits.memoryStorage", equalTo(0))
        .body("limits.streams", equalTo(0));
    assertThat(limitsInJwt("own").memoryStorage).isZero();

    api()
        .body(Map.of("name", "no-js", "limits", Map.of("diskStorage", 0)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.diskStorage", equalTo(0))
        .body("limits.memoryStorage", equalTo(0));
    assertThat(limitsInJwt("no-js").isJetStreamEnabled()).as("0 turns JetStream off").isFalse();

    api()
        .body(
            Map.of(
                "name",
                "tiered",
                "limits",
                Map.of("jetStreamTiers", Map.of("R1", Map.of("diskStorage", 10 * MIB)))))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201)
        .body("limits.diskStorage", equalTo(0))
        .body("limits.jetStreamTiers.R1.diskStorage", equalTo((int) (10 * MIB)));
    OperatorLimits l = limitsInJwt("tiered");
    assertThat(l.isSet()).isFalse();
    assertThat(l.tieredLimits.get("R1").diskStorage).isEqualTo(10 * MIB);
  }

  /** The quick start's promise, on Debian's nats-server with JetStream on. */
  @Test
  void theFirstTenantCreatesAStreamAtOnce() throws Exception {
    NatsServerProcess server = NatsServerProcess.start(NatsClients.jetStreamServerConfig(token));
    try {
      api()
          .body(Map.of("name", "local", "urls", List.of(server.url())))
          .post("/api/v1/clusters")
          .then()
          .statusCode(201);
      api().body(Map.of("name", "first")).post("/api/v1/accounts").then().statusCode(201);
      api().body(Map.of("name", "app")).post("/api/v1/accounts/first/users").then().statusCode(201);
      NatsClients.awaitPushed(token, "first");
      try (Connection nc =
          CredsClient.connect(server.url(), NatsClients.creds(token, "first", "app"))) {
        nc.jetStreamManagement()
            .addStream(StreamConfiguration.builder().name("events").subjects("events.>").build());
        assertThat(nc.jetStream().publish("events.created", new byte[] {1}).getSeqno()).isOne();
        assertThat(nc.jetStreamManagement().getAccountStatistics().getLimits().getMaxStorage())
            .isEqualTo(1024 * MIB);
      }
    } finally {
      api().delete("/api/v1/clusters/local");
      server.close();
    }
  }

  private OperatorLimits limitsInJwt(String account) {
    String jwt =
        api().accept(ContentType.TEXT).get("/api/v1/accounts/" + account + "/jwt").asString();
    return JwtCodec.decode(jwt, AccountClaims.class).nats.limits;
  }

  private RequestSpecification api() {
    return Api.as(token);
  }
}
