package io.tributary.control.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * Failed logins are limited per username and per client address: 429 with Retry-After, for longer
 * after each further failure, recorded in the audit log; a success forgets the username's failures.
 * Each test logs in from a loopback address of its own (127.0.0.x), so the refusals touch no other
 * test.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class LoginRateLimitIT {
  @Test
  void aUsernameIsRefusedAfterFiveFailuresForLongerEachTime() throws Exception {
    String admin = Api.adminToken();
    Api.consoleUser(admin, "rl-user", "account-viewer");
    String password = "password-of-rl-user";
    From from = new From("127.0.0.3");
    for (int i = 0; i < 5; i++) {
      assertThat(from.login("rl-user", "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> refused = from.login("rl-user", password);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("\"code\":\"too-many-requests\"");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    // from any address
    assertThat(new From("127.0.0.1").login("rl-user", password).statusCode()).isEqualTo(429);

    Thread.sleep(1100);
    assertThat(from.login("rl-user", "wrong").statusCode()).isEqualTo(401);
    refused = from.login("rl-user", password);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
    Api.as(admin)
        .queryParam("action", "login.refused")
        .get("/api/v1/audit")
        .then()
        .body("items.target", hasItem("rl-user"));

    // a success forgets the username's failures
    Thread.sleep(2100);
    assertThat(from.login("rl-user", password).statusCode()).isEqualTo(200);
    for (int i = 0; i < 4; i++) {
      assertThat(from.login("rl-user", "wrong").statusCode()).isEqualTo(401);
    }
    assertThat(from.login("rl-user", password).statusCode()).isEqualTo(200);
    Api.as(admin).delete("/api/v1/console-users/rl-user").then().statusCode(204);
  }

  @Test
  void anAddressIsRefusedAfterTwentyFailuresWhateverTheUsername() throws Exception {
    From from = new From("127.0.0.5");
    for (int i = 0; i < 20; i++) {
      assertThat(from.login("rl-nobody-" + i, "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> refused = from.login("admin", EmbeddedPostgresResource.ADMIN_PASSWORD);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    // another address is not affected
    String admin = Api.adminToken();
    Api.as(admin)
        .queryParam("action", "login.refused")
        .get("/api/v1/audit")
        .then()
        .body("items.target", hasItem("127.0.0.5"));
  }

  /** Logs in from one local address. */
  private record From(HttpClient client) {
    From(String address) throws IOException {
      this(HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build());
    }

    HttpResponse<String> login(String username, String password)
        throws IOException, InterruptedException {
      String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
      return client.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/auth/login"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
