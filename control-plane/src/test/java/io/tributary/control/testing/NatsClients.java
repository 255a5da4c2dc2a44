package io.tributary.control.testing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.restassured.http.ContentType;
import io.tributary.auth.testing.CredsClient;

/**
 * What tests get from the API for jnats clients: creds files, the nats-server configuration to run
 * them against, and how long a change takes to refuse connections (clients connect with {@link
 * CredsClient}).
 */
public final class NatsClients {
  private NatsClients() {}

  /**
   * Connects (and closes at once) until a connection is refused; how long after {@code since} the
   * refused attempt started (a refusal itself takes jnats seconds to report, an accepted connect a
   * few milliseconds). For measuring when a lowered limit reaches a node.
   */
  public static Duration untilRefused(String url, String creds, Instant since, Duration max)
      throws Exception {
    while (true) {
      Instant attempt = Instant.now();
      try {
        CredsClient.connect(url, creds).close();
      } catch (IOException refused) {
        return Duration.between(since, attempt);
      }
      if (Instant.now().isAfter(since.plus(max))) {
        throw new AssertionError("connections still accepted " + max + " after the change");
      }
    }
  }

  /** A nats-server configuration from the API, its resolver directory in the server's own. */
  public static String serverConfig(String token) {
    return Api.as(token)
        .accept(ContentType.TEXT)
        .queryParam("resolver-dir", "$DIR/jwt")
        .get("/api/v1/operator/server-config")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /**
   * The same with JetStream on (its store in the server's directory): accounts get JetStream
   * exactly when their JWT grants it.
   */
  public static String jetStreamServerConfig(String token) {
    return serverConfig(token) + "\njetstream {\n  store_dir: \"$DIR/jetstream\"\n}\n";
  }

  /** Waits until every node {@code account} is placed on holds its current JWT (20 s at most). */
  public static void awaitPushed(String token, String account) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      List<String> states =
          Api.as(token)
              .get("/api/v1/accounts/" + account + "/push-status")
              .jsonPath()
              .getList("nodes.state");
      if (states != null && !states.isEmpty() && states.stream().allMatch("current"::equals)) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(account + " not pushed within 20 s: " + states);
      }
      Thread.sleep(50);
    }
  }

  /** A creds file issued through the API. */
  public static String creds(String token, String account, String user) {
    return Api.as(token)
        .accept(ContentType.TEXT)
        .body("{}")
        .post("/api/v1/accounts/" + account + "/users/" + user + "/creds")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
