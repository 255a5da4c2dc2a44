package io.tributary.control.api;

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
import io.tributary.control.testing.EmbeddedPostgresResource;

/** The served OpenAPI document lists the problem codes of each endpoint, from the catalogue. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class OpenApiProblemsIT {
  @Test
  void anEndpointListsItsProblemCodesPerStatus() {
    String patch = "paths.'/api/v1/accounts/{name}'.patch";
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(patch + ".operationId", containsString("AccountResource_change"))
        .body(patch + ".responses.'404'.x-problem-codes", hasItems("not-found"))
        .body(patch + ".responses.'412'.x-problem-codes", hasItems("stale-version"))
        .body(
            patch + ".responses.'422'.x-problem-codes",
            hasItems("invalid-account", "unknown-cluster"))
        .body(patch + ".responses.'428'.description", containsString("precondition-required"))
        .body(
            patch + ".responses.'503'.content.'application/problem+json'.schema.$ref",
            containsString("Problem"))
        .body("components.schemas.Problem.properties.code", notNullValue());
  }

  @Test
  void everyAuthenticatedEndpointListsItsChallengeAnd403sTheirCodes() {
    String accounts = "paths.'/api/v1/accounts'";
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(accounts + ".get.responses.'401'.x-problem-codes", hasItems("unauthenticated"))
        .body(
            accounts + ".get.responses.'401'.headers.WWW-Authenticate.description",
            containsString("Bearer"))
        .body(
            accounts + ".get.responses.'401'.content.'application/problem+json'.schema.$ref",
            containsString("Problem"))
        .body(accounts + ".post.responses.'403'.x-problem-codes", hasItems("forbidden"))
        .body(
            "paths.'/api/v1/accounts/{account}/users'.post.responses.'403'.x-problem-codes",
            hasItems("read-only"))
        .body(
            "paths.'/api/v1/tokens'.post.responses.'403'.x-problem-codes",
            hasItems("token-cannot-mint"))
        // logging in needs no token: its 401 is a wrong password
        .body(
            "paths.'/api/v1/auth/login'.post.responses.'401'.x-problem-codes",
            equalTo(List.of("invalid-credentials")))
        // a change made with the web console's cookie needs its CSRF token; a read does not
        .body(accounts + ".post.responses.'403'.x-problem-codes", hasItems("csrf-rejected"))
        .body(accounts + ".get.responses.'403'.x-problem-codes", nullValue());
    // no authenticated operation without its 401
    Map<String, Map<String, Map<String, Object>>> paths =
        given().accept("application/json").get("/q/openapi").then().extract().path("paths");
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/auth/")) {
                    return; // signing in and out needs no token
                  }
                  Object unauthorized = ((Map<?, ?>) operation.get("responses")).get("401");
                  assertThat(unauthorized).as(method + " " + path).isInstanceOf(Map.class);
                  assertThat((List<?>) ((Map<?, ?>) unauthorized).get("x-problem-codes"))
                      .as(method + " " + path)
                      .asString()
                      .contains("unauthenticated");
                }));
  }
}
