package io.tributary.control.webconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web console is built before the control plane (it is packaged into it), so it type-checks
 * against a copy of the control plane's OpenAPI document, {@code web-console/openapi.json}. This
 * keeps the copy true: an API change fails here until the copy is updated, and then fails the
 * console's build wherever the console no longer fits the API.
 */
class WebConsoleApiSnapshotIT {
  @Test
  void theConsoleIsBuiltAgainstThisApi() throws Exception {
    Path built = Path.of("target", "openapi", "openapi.json");
    Path copy = Path.of("..", "web-console", "openapi.json");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(Files.readString(copy)))
        .as(
            "web-console/openapi.json is not this build's API document: cp %s %s, then build the"
                + " console (./mvnw -pl web-console verify) and fix what no longer type-checks",
            built, copy.normalize())
        .isEqualTo(json.readTree(Files.readString(built)));
  }
}
