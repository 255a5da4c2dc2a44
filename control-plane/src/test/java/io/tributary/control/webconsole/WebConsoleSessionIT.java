package io.tributary.control.webconsole;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.tributary.control.console.SessionCookieMechanism;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.EmbeddedPostgresResource;

/**
 * The web console's session (an httpOnly, SameSite=Strict cookie and a CSRF token), the security
 * headers on its pages and the API, its single-page routes, and the account list's server-side
 * search and sort that its accounts screen uses.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class WebConsoleSessionIT {
  private static Response signIn(String username, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/v1/auth/session");
  }

  @Test
  void theSessionIsACookieNoScriptCanReadAndChangesNeedItsCsrfToken() {
    Response r = signIn("admin", EmbeddedPostgresResource.ADMIN_PASSWORD);
    r.then()
        .statusCode(200)
        .body("username", equalTo("admin"))
        .body("role", equalTo("operator-admin"))
        .body("csrfToken", notNullValue())
        .body("expiresAt", notNullValue())
        .body("token", nullValue());
    Cookie cookie = r.getDetailedCookie(SessionCookieMechanism.COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getPath()).isEqualTo("/api/");
    assertThat(cookie.getMaxAge()).isEqualTo(30 * 60);
    String csrf = r.path("csrfToken");

    // Reading needs only the cookie; /me gives the page its CSRF token back after a reload.
    given()
        .cookie(SessionCookieMechanism.COOKIE, cookie.getValue())
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo("admin"))
        .body("csrfToken", equalTo(csrf));

    // A change without the token, or with another, is refused and does nothing.
    for (String sent : new String[] {null, "forged"}) {
      var request =
          given()
              .cookie(SessionCookieMechanism.COOKIE, cookie.getValue())
              .contentType(ContentType.JSON)
              .body(Map.of("name", "csrf-victim"));
      if (sent != null) {
        request.header(SessionCookieMechanism.CSRF_HEADER, sent);
      }
      request
          .post("/api/v1/accounts")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("code", equalTo("csrf-rejected"));
    }
    Api.as(Api.adminToken()).get("/api/v1/accounts/csrf-victim").then().statusCode(404);

    given()
        .cookie(SessionCookieMechanism.COOKIE, cookie.getValue())
        .header(SessionCookieMechanism.CSRF_HEADER, csrf)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "made-in-console"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(Api.adminToken())
        .get("/api/v1/audit?account=made-in-console")
        .then()
        .body("items.actor", hasItems("admin"));
  }

  @Test
  void signingOutClearsTheCookieAndAStaleCookieNeverBlocksSigningIn() {
    Response r = signIn("admin", EmbeddedPostgresResource.ADMIN_PASSWORD);
    String csrf = r.path("csrfToken");
    Cookie out =
        given()
            .cookie(SessionCookieMechanism.COOKIE, r.getCookie(SessionCookieMechanism.COOKIE))
            .header(SessionCookieMechanism.CSRF_HEADER, csrf)
            .delete("/api/v1/auth/session")
            .then()
            .statusCode(204)
            .extract()
            .detailedCookie(SessionCookieMechanism.COOKIE);
    assertThat(out.getValue()).isEmpty();
    assertThat(out.getMaxAge()).isZero();

    given()
        .cookie(SessionCookieMechanism.COOKIE, "garbage.not.ajwt")
        .contentType(ContentType.JSON)
        .body(Map.of("username", "admin", "password", EmbeddedPostgresResource.ADMIN_PASSWORD))
        .post("/api/v1/auth/session")
        .then()
        .statusCode(200);
    given()
        .cookie(SessionCookieMechanism.COOKIE, "garbage.not.ajwt")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthenticated"));
    signIn("admin", "wrong-password")
        .then()
        .statusCode(401)
        .body("code", equalTo("invalid-credentials"));
  }

  @Test
  void aBearerTokenIsNotAConsoleSessionAndNeedsNoCsrfToken() {
    Api.as(Api.adminToken())
        .body(Map.of("name", "by-bearer"))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    Api.as(Api.adminToken()).get("/api/v1/me").then().body("csrfToken", nullValue());
  }

  @Test
  void pagesAreTheConsoleWithItsSecurityHeaders() {
    // every route of the console (web-console/src/app/routes.tsx), and sign-in and invitations
    for (String page :
        List.of(
            "/",
            "/sign-in",
            "/invite",
            "/accounts",
            "/accounts/_new",
            "/accounts/acme",
            "/accounts/acme/users",
            "/accounts/acme/users/_new",
            "/accounts/acme/users/alice",
            "/accounts/acme/signing-keys",
            "/accounts/acme/streams",
            "/accounts/acme/streams/ORDERS",
            "/accounts/acme/kv",
            "/accounts/acme/kv/config",
            "/accounts/acme/kv/config/a.b",
            "/accounts/acme/object-stores",
            "/accounts/acme/object-stores/files",
            "/accounts/acme/sharing",
            "/accounts/acme/audit",
            "/clusters",
            "/console-users",
            "/operator",
            "/audit",
            "/tokens")) {
      given()
          .get(page)
          .then()
          .statusCode(200)
          .contentType(containsString("text/html"))
          .header("Content-Security-Policy", WebConsoleRoutes.CONTENT_SECURITY_POLICY)
          .header("X-Content-Type-Options", "nosniff")
          .header("X-Frame-Options", "DENY")
          .body(containsString("<div id=\"app\"></div>"));
    }
    given().get("/favicon.svg").then().statusCode(200).contentType(containsString("svg"));
    given().get("/assets/no-such-file.js").then().statusCode(404);
    assertThat(WebConsoleRoutes.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    // The API keeps its own answers (a missing endpoint is a 404 problem, not the console's page).
    given()
        .auth()
        .oauth2(Api.adminToken())
        .get("/api/v1/no-such-thing")
        .then()
        .statusCode(404)
        .header("X-Content-Type-Options", "nosniff");
  }

  @Test
  void accountsAreSearchedAndSortedByTheServer() {
    String admin = Api.adminToken();
    for (String name : List.of("search-alpha", "search-beta", "search-gamma")) {
      Api.as(admin)
          .body(Map.of("name", name, "description", "Team " + name.substring(7).toUpperCase()))
          .post("/api/v1/accounts")
          .then()
          .statusCode(201);
    }
    Api.as(admin)
        .queryParam("q", "SEARCH-")
        .queryParam("sort", "-name")
        .get("/api/v1/accounts")
        .then()
        .statusCode(200)
        .body("items.name", equalTo(List.of("search-gamma", "search-beta", "search-alpha")))
        .body("total", equalTo(3));
    Api.as(admin)
        .queryParam("q", "team beta")
        .get("/api/v1/accounts")
        .then()
        .body("items.name", equalTo(List.of("search-beta")));
    Api.as(admin).queryParam("q", "100%").get("/api/v1/accounts").then().body("total", equalTo(0));
    Api.as(admin)
        .queryParam("sort", "size")
        .get("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("code", equalTo("bad-parameter"))
        .body("errors[0].field", equalTo("sort"));
  }
}
