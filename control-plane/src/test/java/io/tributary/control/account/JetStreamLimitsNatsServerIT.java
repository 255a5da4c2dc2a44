package io.tributary.control.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AccountLimits;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.NatsClients;

/**
 * The JetStream limits set through the API, as Debian's nats-server (JetStream on, configured from
 * {@code server-config}, the accounts pushed to it) reports and applies them to the account's
 * users: {@code $JS.API.INFO} read with jnats, flat and per tier.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class JetStreamLimitsNatsServerIT {
  private static final String CLUSTER = "js-limits";
  private String admin;
  private NatsServerProcess server;

  @BeforeEach
  void start() {
    admin = Api.adminToken();
    server = NatsServerProcess.start(NatsClients.jetStreamServerConfig(admin));
    Api.as(admin)
        .body(Map.of("name", CLUSTER, "urls", List.of(server.url())))
        .post("/api/v1/clusters")
        .then()
        .statusCode(201);
  }

  @AfterEach
  void stop() {
    Api.as(admin).delete("/api/v1/clusters/" + CLUSTER);
    server.close();
  }

  @Test
  void flatLimitsAreTheAccountsOnNatsServer() throws Exception {
    Map<String, Object> js = new LinkedHashMap<>();
    js.put("memoryStorage", 1_000_000);
    js.put("diskStorage", 50_000_000);
    js.put("streams", 3);
    js.put("consumers", 7);
    js.put("maxAckPending", 100);
    js.put("memoryMaxStreamBytes", 500_000);
    js.put("diskMaxStreamBytes", 2_000_000);
    js.put("maxBytesRequired", true);
    try (Connection nc = userOf("ns-flat", js)) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      AccountLimits l = jsm.getAccountStatistics().getLimits();
      assertThat(l.getMaxMemory()).isEqualTo(1_000_000);
      assertThat(l.getMaxStorage()).isEqualTo(50_000_000);
      assertThat(l.getMaxStreams()).isEqualTo(3);
      assertThat(l.getMaxConsumers()).isEqualTo(7);
      assertThat(l.getMaxAckPending()).isEqualTo(100);
      assertThat(l.getMemoryMaxStreamBytes()).isEqualTo(500_000);
      assertThat(l.getStorageMaxStreamBytes()).isEqualTo(2_000_000);
      assertThat(l.isMaxBytesRequired()).isTrue();

      // applied, not only reported: max bytes is required, and at most diskMaxStreamBytes
      assertThatThrownBy(() -> jsm.addStream(stream(-1))).isInstanceOf(JetStreamApiException.class);
      assertThatThrownBy(() -> jsm.addStream(stream(3_000_000)))
          .isInstanceOf(JetStreamApiException.class);
      assertThat(jsm.addStream(stream(1_000_000)).getConfiguration().getMaxBytes())
          .isEqualTo(1_000_000);
    }
  }

  @Test
  void tiersAreTheAccountsOnNatsServer() throws Exception {
    Map<String, Object> r1 = new LinkedHashMap<>();
    r1.put("memoryStorage", 1_000_000);
    r1.put("diskStorage", 20_000_000);
    r1.put("streams", 2);
    r1.put("consumers", 5);
    r1.put("maxAckPending", 50);
    r1.put("memoryMaxStreamBytes", 400_000);
    r1.put("diskMaxStreamBytes", 4_000_000);
    r1.put("maxBytesRequired", true);
    Map<String, Object> r3 = Map.of("diskStorage", 30_000_000, "streams", 1);
    try (Connection nc = userOf("ns-tiers", Map.of("jetStreamTiers", Map.of("R1", r1, "R3", r3)))) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      AccountStatistics stats = jsm.getAccountStatistics();
      assertThat(stats.getTiers()).containsKeys("R1", "R3");
      AccountLimits t1 = stats.getTiers().get("R1").getLimits();
      assertThat(t1.getMaxMemory()).isEqualTo(1_000_000);
      assertThat(t1.getMaxStorage()).isEqualTo(20_000_000);
      assertThat(t1.getMaxStreams()).isEqualTo(2);
      assertThat(t1.getMaxConsumers()).isEqualTo(5);
      assertThat(t1.getMaxAckPending()).isEqualTo(50);
      assertThat(t1.getMemoryMaxStreamBytes()).isEqualTo(400_000);
      assertThat(t1.getStorageMaxStreamBytes()).isEqualTo(4_000_000);
      assertThat(t1.isMaxBytesRequired()).isTrue();
      AccountLimits t3 = stats.getTiers().get("R3").getLimits();
      assertThat(t3.getMaxStorage()).isEqualTo(30_000_000);
      assertThat(t3.getMaxStreams()).isEqualTo(1);
      assertThat(t3.getMaxMemory()).isZero();

      assertThat(jsm.addStream(stream(1_000_000)).getConfiguration().getReplicas()).isOne();
    }
  }

  /** A user of a new account with these limits, on the server once the account is pushed. */
  private Connection userOf(String account, Map<String, Object> limits) throws Exception {
    Api.as(admin)
        .body(Map.of("name", account, "limits", limits, "clusters", List.of(CLUSTER)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "app"))
        .post("/api/v1/accounts/" + account + "/users")
        .then()
        .statusCode(201);
    NatsClients.awaitPushed(admin, account);
    return CredsClient.connect(server.url(), NatsClients.creds(admin, account, "app"));
  }

  private static StreamConfiguration stream(long maxBytes) {
    return StreamConfiguration.builder()
        .name("orders")
        .subjects("orders.>")
        .storageType(StorageType.File)
        .maxBytes(maxBytes)
        .build();
  }
}
