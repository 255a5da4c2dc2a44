package io.tributary.control.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;
import io.tributary.control.testing.ManagedNode;
import io.tributary.control.testing.NatsClients;

/**
 * A tenant's JetStream read through the API, from a real node with JetStream that the control plane
 * pushes the account to: streams, messages by sequence, time and subject, consumers, Key/Value keys
 * and history, objects; usage; who may read; the errors.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class InspectIT {
  private static final String ACCOUNT = "inspected";
  private static final long MIB = 1024 * 1024;

  private static String admin;
  private static ManagedNode node;
  private static Connection app;
  private static String base;

  /** Once, before the first test (Quarkus is up only then). */
  @BeforeEach
  void tenantWithStreams() throws Exception {
    if (base != null) {
      admin = Api.adminToken();
      return;
    }
    admin = Api.adminToken();
    node = ManagedNode.start(admin, "inspect", true);
    Api.as(admin)
        .body(
            Map.of(
                "name",
                ACCOUNT,
                "limits",
                Map.of("diskStorage", 64 * MIB, "memoryStorage", 16 * MIB, "streams", 10)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "app"))
        .post("/api/v1/accounts/" + ACCOUNT + "/users")
        .then()
        .statusCode(201);
    NatsClients.awaitPushed(admin, ACCOUNT);
    String creds = NatsClients.creds(admin, ACCOUNT, "app");
    app =
        Nats.connect(
            new Options.Builder()
                .server(node.url())
                .authHandler(Nats.staticCredentials(creds.getBytes(StandardCharsets.UTF_8)))
                .build());
    JetStreamManagement jsm = app.jetStreamManagement();
    jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
    JetStream js = app.jetStream();
    for (int i = 1; i <= 10; i++) {
      Headers h = new Headers().add("Order-Id", "o-" + i);
      js.publish(
          NatsMessage.builder()
              .subject(i % 2 == 0 ? "orders.eu" : "orders.us")
              .headers(h)
              .data(("order " + i).getBytes(StandardCharsets.UTF_8))
              .build());
      Thread.sleep(5); // distinct times for the search by time
    }
    js.publish("orders.bin", new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    jsm.addOrUpdateConsumer(
        "ORDERS",
        ConsumerConfiguration.builder().durable("worker").filterSubject("orders.eu").build());

    app.keyValueManagement()
        .create(KeyValueConfiguration.builder().name("config").maxHistoryPerKey(5).build());
    KeyValue kv = app.keyValue("config");
    kv.put("a", "1");
    kv.put("a", "2");
    kv.put("b.c", "x");
    kv.delete("b.c");
    app.objectStoreManagement().create(ObjectStoreConfiguration.builder("files").build());
    app.objectStore("files").put("hello.txt", "hello, world".getBytes(StandardCharsets.UTF_8));
    base = "/api/v1/accounts/" + ACCOUNT;
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (app != null) {
      app.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void streamsAndTheirMessages() {
    JsonPath list =
        Api.as(admin).get(base + "/streams").then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("items.name", String.class))
        .containsExactly("KV_config", "OBJ_files", "ORDERS");
    Api.as(admin)
        .get(base + "/streams/ORDERS")
        .then()
        .statusCode(200)
        .body("summary.messages", equalTo(11))
        .body("summary.subjects", equalTo(List.of("orders.>")))
        .body("summary.consumers", equalTo(1))
        .body("config.name", equalTo("ORDERS"))
        .body("state.last_seq", equalTo(11));

    // the newest by default, a page from a sequence, a subject filter, binary data
    Api.as(admin)
        .queryParam("limit", 3)
        .get(base + "/streams/ORDERS/messages")
        .then()
        .statusCode(200)
        .body("messages.seq", equalTo(List.of(9, 10, 11)))
        .body("next", equalTo(12))
        .body("messages[2].text", nullValue())
        .body("messages[2].data", equalTo("//4A"));
    Api.as(admin)
        .queryParam("fromSeq", 2)
        .queryParam("limit", 2)
        .get(base + "/streams/ORDERS/messages")
        .then()
        .body("messages.seq", equalTo(List.of(2, 3)))
        .body("messages[0].subject", equalTo("orders.eu"))
        .body("messages[0].text", equalTo("order 2"))
        .body("messages[0].headers.Order-Id", equalTo(List.of("o-2")));
    Api.as(admin)
        .queryParam("subject", "orders.eu")
        .get(base + "/streams/ORDERS/messages")
        .then()
        .body("messages.seq", equalTo(List.of(2, 4, 6, 8, 10)));

    // by time: the first message stored at or after message 5's time is message 5
    String fifth =
        Api.as(admin)
            .queryParam("fromSeq", 5)
            .queryParam("limit", 1)
            .get(base + "/streams/ORDERS/messages")
            .jsonPath()
            .getString("messages[0].time");
    Api.as(admin)
        .queryParam("fromTime", fifth)
        .queryParam("limit", 2)
        .get(base + "/streams/ORDERS/messages")
        .then()
        .body("messages.seq", equalTo(List.of(5, 6)));

    Api.as(admin)
        .get(base + "/streams/ORDERS/consumers")
        .then()
        .statusCode(200)
        .body("items.name", equalTo(List.of("worker")))
        .body("items[0].durable", equalTo(true))
        .body("items[0].filterSubjects", equalTo(List.of("orders.eu")))
        .body("items[0].numPending", equalTo(5));
  }

  @Test
  void keyValueAndObjectStoreBuckets() {
    Api.as(admin)
        .get(base + "/kv")
        .then()
        .statusCode(200)
        .body("items.bucket", equalTo(List.of("config")))
        .body("items[0].keys", equalTo(2))
        .body("items[0].history", equalTo(5));
    Api.as(admin)
        .get(base + "/kv/config")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.key", equalTo(List.of("a", "b.c")))
        .body("items[0].text", equalTo("2"))
        .body("items[1].operation", equalTo("DEL"));
    Api.as(admin)
        .get(base + "/kv/config/a")
        .then()
        .statusCode(200)
        .body("text", equalTo(List.of("2", "1")))
        .body("operation", equalTo(List.of("PUT", "PUT")));
    Api.as(admin)
        .get(base + "/object-stores")
        .then()
        .body("items.bucket", equalTo(List.of("files")))
        .body("items[0].objects", equalTo(1));
    Api.as(admin)
        .get(base + "/object-stores/files")
        .then()
        .body("items.name", equalTo(List.of("hello.txt")))
        .body("items[0].size", equalTo(12));
  }

  @Test
  void usageCountsTheTenantsConnectionsNotTheReader() {
    Api.as(admin)
        .get(base + "/usage")
        .then()
        .statusCode(200)
        .body("nodes", equalTo(1))
        .body("connections", equalTo(1))
        .body("jetStream.streams", equalTo(3))
        .body("jetStream.consumers", equalTo(1));
  }

  @Test
  void everyNodeOfAClusterReportsItsFigures() {
    Api.as(admin)
        .get("/api/v1/clusters/inspect/metrics")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].version", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString()))
        .body("[0].connections", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
        .body("[0].memory", org.hamcrest.Matchers.greaterThan(0));
    String viewer = Api.consoleUser(admin, "metrics-viewer", "account-viewer", ACCOUNT);
    Api.as(viewer).get("/api/v1/clusters/inspect/metrics").then().statusCode(403);
  }

  @Test
  void viewersReadOtherTenantsDoNotAndEveryReaderIsAudited() {
    String viewer = Api.consoleUser(admin, "inspect-viewer", "account-viewer", ACCOUNT);
    Api.as(viewer).get(base + "/streams/ORDERS").then().statusCode(200);
    Api.as(admin)
        .body(Map.of("name", "inspect-other"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    String other = Api.consoleUser(admin, "inspect-other-admin", "account-admin", "inspect-other");
    Api.as(other).get(base + "/streams").then().statusCode(404).body("code", equalTo("not-found"));
    Api.as(admin)
        .queryParam("action", "account.inspect")
        .queryParam("account", ACCOUNT)
        .get("/api/v1/audit")
        .then()
        .body("items.target", hasItems(ACCOUNT));
  }

  @Test
  void badRequestsGetClearProblems() {
    Api.as(admin)
        .get(base + "/streams/NOPE")
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
    Api.as(admin).get(base + "/streams/a.b").then().statusCode(404);
    Api.as(admin).get(base + "/kv/config/missing").then().statusCode(404);
    for (var bad :
        List.of(
            Map.of("subject", "orders..eu"),
            Map.of("fromTime", "yesterday"),
            Map.of("limit", "1000"),
            Map.of("fromSeq", "0"))) {
      Api.as(admin)
          .queryParams(bad)
          .get(base + "/streams/ORDERS/messages")
          .then()
          .statusCode(400)
          .body("code", equalTo("bad-parameter"))
          .body("errors[0].field", equalTo(bad.keySet().iterator().next()));
    }
  }

  @Test
  void anAccountWithoutJetStreamOrWithoutANodeSaysSo() throws Exception {
    Api.as(admin)
        .body(
            Map.of("name", "inspect-nojs", "limits", Map.of("diskStorage", 0, "memoryStorage", 0)))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    NatsClients.awaitPushed(admin, "inspect-nojs");
    Api.as(admin)
        .get("/api/v1/accounts/inspect-nojs/streams")
        .then()
        .statusCode(409)
        .body("code", equalTo("jetstream-disabled"));
    Api.as(admin)
        .get("/api/v1/accounts/inspect-nojs/usage")
        .then()
        .statusCode(200)
        .body("jetStream", nullValue());

    Api.as(admin)
        .body(Map.of("name", "nowhere", "urls", List.of("nats://127.0.0.1:1")))
        .post("/api/v1/clusters")
        .then()
        .statusCode(201);
    Api.as(admin)
        .body(Map.of("name", "inspect-placed", "clusters", List.of("nowhere")))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    try {
      Api.as(admin)
          .get("/api/v1/accounts/inspect-placed/usage")
          .then()
          .statusCode(503)
          .body("code", equalTo("no-node"));
    } finally {
      // every account is placed on every cluster: leave none that no node serves
      Api.as(admin).delete("/api/v1/clusters/nowhere").then().statusCode(204);
    }
  }
}
