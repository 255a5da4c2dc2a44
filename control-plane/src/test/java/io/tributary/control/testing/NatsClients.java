package io.tributary.control.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.restassured.http.ContentType;

/** jnats connections with creds files from the API, and the server config to run them against. */
public final class NatsClients {
  private NatsClients() {}

  /**
   * Connects with {@code creds}; asynchronous errors (permission violations) go to {@code errors}.
   */
  public static Connection connect(String url, String creds, List<String> errors) throws Exception {
    Path file = Files.createTempFile("user", ".creds");
    Files.writeString(file, creds);
    return Nats.connect(
        new Options.Builder()
            .server(url)
            .authHandler(Nats.credentials(file.toString()))
            .maxReconnects(0)
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void errorOccurred(Connection conn, String error) {
                    errors.add(error);
                  }
                })
            .build());
  }

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
        connect(url, creds, new CopyOnWriteArrayList<>()).close();
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
