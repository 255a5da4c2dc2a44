package io.tributary.operator.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ControlPlaneClientTest {
  /**
   * The control plane's OpenAPI document, as its build wrote it (the operator is built after it).
   */
  private static final Path OPENAPI =
      Path.of("..", "control-plane", "target", "openapi", "openapi.json");

  @Test
  void everyCallIsAnOperationOfThePublicApi() throws Exception {
    assertThat(OPENAPI).as("build the control plane first").exists();
    JsonNode paths = new ObjectMapper().readTree(Files.readString(OPENAPI)).path("paths");
    for (String endpoint : ControlPlaneClient.ENDPOINTS) {
      String[] parts = endpoint.split(" ", 2);
      assertThat(paths.path(parts[1]).has(parts[0].toLowerCase(Locale.ROOT))).as(endpoint).isTrue();
    }
  }

  @Test
  void problemsKeepTheirCodeAndDetail() {
    ControlPlaneException e =
        ControlPlaneClient.problem(
            409,
            "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                + "\"code\":\"name-taken\",\"detail\":\"a cluster named 'eu-1' exists\"}");
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("name-taken");
    assertThat(e.title()).isEqualTo("Conflict");
    assertThat(e.getMessage()).isEqualTo("409 name-taken: a cluster named 'eu-1' exists");
  }

  @Test
  void theFieldsARefusedBodyHadWrongAreInTheDetail() {
    ControlPlaneException e =
        ControlPlaneClient.problem(
            400,
            "{\"title\":\"Bad Request\",\"status\":400,\"code\":\"invalid-body\","
                + "\"detail\":\"the request body has invalid fields\",\"errors\":["
                + "{\"field\":\"limits.conn\",\"message\":\"must be greater than or equal to -1\"},"
                + "{\"field\":\"name\",\"message\":\"lower-case letters\"}]}");
    assertThat(e.detail())
        .isEqualTo(
            "the request body has invalid fields: limits.conn: must be greater than or equal to"
                + " -1; name: lower-case letters");
  }

  @Test
  void anAnswerThatIsNoProblemIsNamedByItsStatus() {
    ControlPlaneException e = ControlPlaneClient.problem(502, "<html>Bad Gateway</html>");
    assertThat(e.code()).isEqualTo("http-502");
    assertThat(e.detail()).isEqualTo("<html>Bad Gateway</html>");
    assertThat(ControlPlaneClient.problem(503, "").getMessage()).isEqualTo("503 http-503");
  }

  @Test
  void noAnswerIsUnreachable() {
    ControlPlaneException e =
        ControlPlaneException.unreachable("http://cp:8080", new java.net.ConnectException());
    assertThat(e.status()).isZero();
    assertThat(e.code()).isEqualTo("unreachable");
    assertThat(e.getMessage()).isEqualTo("unreachable: http://cp:8080: ConnectException");
  }
}
