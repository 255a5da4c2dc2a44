package io.tributary.control.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST calls as a console user, for the API tests. */
public final class Api {
  private Api() {}

  /** Logs in and returns the bearer token (fails the test unless the login succeeds). */
  public static String login(String username, String password) {
    return login(given(), username, password);
  }

  /** The same against a service started as a process, on {@code port}. */
  public static String login(int port, String username, String password) {
    return login(given().port(port), username, password);
  }

  private static String login(RequestSpecification request, String username, String password) {
    return request
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** A token of the first-start {@code admin}. */
  public static String adminToken() {
    return login("admin", EmbeddedPostgresResource.ADMIN_PASSWORD);
  }

  /** Makes a console user (as {@code adminToken}) and returns a login token for it. */
  public static String consoleUser(
      String adminToken, String username, String role, String... accounts) {
    String password = "password-of-" + username;
    as(adminToken)
        .body(
            Map.of(
                "username", username,
                "password", password,
                "role", role,
                "accounts", List.of(accounts)))
        .post("/api/v1/console-users")
        .then()
        .statusCode(201);
    return login(username, password);
  }

  /** A JSON request with {@code token} as its bearer token. */
  public static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  /** The same against a service started as a process, on {@code port}. */
  public static RequestSpecification as(int port, String token) {
    return as(token).port(port);
  }
}
