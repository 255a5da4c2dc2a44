package io.tributary.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The CLI against the control plane's OpenAPI document of the same build: every endpoint it calls
 * exists there, and every operation there has a command.
 */
class EndpointsTest {
  /**
   * The web console's cookie session (the CLI signs in with a bearer token instead), and taking up
   * an invitation, which is done in the console the link opens.
   */
  private static final Set<Endpoint> BROWSER_ONLY =
      Set.of(
          Endpoint.of("POST /api/v1/auth/session"),
          Endpoint.of("DELETE /api/v1/auth/session"),
          Endpoint.of("POST /api/v1/auth/invitation"),
          Endpoint.of("POST /api/v1/auth/invitation/accept"));

  @Test
  void everyEndpointTheCliCallsIsInTheApiAndEveryOperationHasOne() throws Exception {
    Set<Endpoint> called = new HashSet<>();
    for (Field f : Endpoints.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Endpoint.class) {
        called.add((Endpoint) f.get(null));
      }
    }
    Set<Endpoint> api = new HashSet<>(OpenApi.bundled().endpoints());
    assertThat(api).as("the bundled OpenAPI document").hasSizeGreaterThan(40);
    assertThat(called).as("endpoints the CLI calls that the API lacks").isSubsetOf(api);
    assertThat(api).as("the web console's session").containsAll(BROWSER_ONLY);
    api.removeAll(BROWSER_ONLY);
    assertThat(api).as("API operations without a CLI command").isSubsetOf(called);
  }

  @Test
  void requestBodiesAreTypedByTheirSchema() {
    OpenApi.Schema account = OpenApi.bundled().requestBody(Endpoints.ACCOUNT_CREATE).orElseThrow();
    assertThat(account.property("limits").orElseThrow().property("conn").orElseThrow().type())
        .isEqualTo("integer");
    assertThat(account.property("tags").orElseThrow().type()).isEqualTo("array");
    assertThat(OpenApi.bundled().requestBody(Endpoints.ACCOUNTS)).isEmpty();
  }

  @Test
  void pathParametersAreEncoded() {
    assertThat(Endpoints.USER.expand(java.util.Map.of("account", "a b", "user", "x/y")))
        .isEqualTo("/api/v1/accounts/a%20b/users/x%2Fy");
  }
}
