package io.tributary.control.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

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
}
