package io.tributary.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.testing.Ports;
import io.tributary.control.testing.Api;
import io.tributary.control.testing.Processes;

/**
 * The packaged service as {@code tributary control} runs it, in its own process with the embedded
 * PostgreSQL: the master key is rotated online; PostgreSQL killed under it gives 503 (also to a
 * request authenticated by an API token) and the service recovers by itself; a restart (SIGTERM,
 * start again) finds everything where it was; a start right after a SIGKILL stops the PostgreSQL
 * the killed service left running.
 */
@Tag("outside-quarkus")
class ControlPlaneProcessIT {
  private static final String PASSWORD = "process-test-admin-password";

  private Process process;
  private int port;
  private Path dataDir;

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void masterKeyRotationDatabaseCrashAndRestart() throws Exception {
    dataDir = Files.createTempDirectory("tributary-process-test");
    start();
    String token = login();
    api(token).body(Map.of("name", "proc")).post("/api/v1/accounts").then().statusCode(201);
    api(token)
        .body(Map.of("name", "app"))
        .post("/api/v1/accounts/proc/users")
        .then()
        .statusCode(201);
    String creds = creds(token);

    // master key rotation, online: every data key re-wrapped, creds still issued
    api(token).get("/api/v1/operator/master-key").then().body("current", equalTo(1));
    api(token)
        .post("/api/v1/operator/master-key/rotate")
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body(
            "rewrapped",
            equalTo(
                ((Number)
                        api(token).get("/api/v1/operator/master-key").path("secretsByVersion.'2'"))
                    .intValue()));
    api(token)
        .get("/api/v1/operator/master-key")
        .then()
        .body("secretsByVersion.size()", equalTo(1))
        .body("secretsByVersion.'1'", equalTo(null));
    String afterRotation = creds(token);
    assertThat(CredsFile.parse(afterRotation).userKey().publicKey())
        .isEqualTo(CredsFile.parse(creds).userKey().publicKey());
    // identical claims signed within the same second are the same credential, recorded once
    int issued = afterRotation.equals(creds) ? 1 : 2;
    assertThat(Files.readString(dataDir.resolve("master.key")).lines()).hasSize(2);

    // PostgreSQL killed: 503, nothing half-written; back by itself without a restart
    String apiToken =
        api(token)
            .body(Map.of("name", "automation"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    String login = token;
    assertUnavailable(
        withPostgresKilled(
            login, () -> api(login).body(Map.of("name", "lost")).post("/api/v1/accounts")));
    api(token).get("/api/v1/accounts/lost").then().statusCode(404);
    // an API token (not used before: not cached) is looked up while authenticating, before any
    // resource runs
    assertUnavailable(withPostgresKilled(login, () -> api(apiToken).get("/api/v1/accounts")));

    // restart: SIGTERM stops the service and its PostgreSQL; everything is there afterwards
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(postgresPid()).as("the embedded PostgreSQL stopped with the service").isEmpty();
    start();
    token = login();
    api(token).get("/api/v1/accounts/proc/users/app").then().statusCode(200);
    api(token)
        .get("/api/v1/accounts/proc/users/app/issuances")
        .then()
        .body("total", equalTo(issued));
    assertThat(CredsFile.parse(creds(token)).userKey().publicKey())
        .isEqualTo(CredsFile.parse(creds).userKey().publicKey());
    assertThat(Files.readString(dataDir.resolve("master.key")).lines())
        .as("the retired master key version is dropped at the next start")
        .hasSize(1)
        .allMatch(l -> l.startsWith("2:"));
    List<String> actions =
        api(token)
            .queryParam("action", "master-key.rotate")
            .get("/api/v1/audit")
            .jsonPath()
            .getList("items.actor");
    assertThat(actions).containsExactly("admin");
  }

  /**
   * The embedded PostgreSQL is no child of the service and outlives its SIGKILL; a start right
   * after stops it (it holds the data directory's postmaster.pid) and starts its own.
   */
  @Test
  void aStartRightAfterSigkillStopsThePostgresLeftRunning() throws Exception {
    dataDir = Files.createTempDirectory("tributary-process-test");
    start();
    api(login()).body(Map.of("name", "kept")).post("/api/v1/accounts").then().statusCode(201);
    long left = postgresPid().orElseThrow();
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try {
      assertThat(ProcessHandle.of(left).filter(ProcessHandle::isAlive)).isPresent();
      start();
      assertThat(postgresPid()).isPresent().get().isNotEqualTo(left);
      assertThat(ProcessHandle.of(left).filter(ProcessHandle::isAlive)).isEmpty();
      api(login()).get("/api/v1/accounts/kept").then().statusCode(200);
    } finally {
      ProcessHandle.of(left).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * Kills PostgreSQL, sends {@code request} at once (the watchdog revives the server within about a
   * second), then waits until the service answers again with a new PostgreSQL process.
   */
  private Response withPostgresKilled(String token, Supplier<Response> request) throws Exception {
    long pid = postgresPid().orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    Response r = request.get();
    Instant deadline = Instant.now().plusSeconds(60);
    while (api(token).get("/api/v1/accounts/proc").statusCode() != 200) {
      assertThat(Instant.now()).as("recovered within a minute").isBefore(deadline);
      Thread.sleep(250);
    }
    assertThat(postgresPid()).isPresent().get().isNotEqualTo(pid);
    return r;
  }

  private static void assertUnavailable(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getString("code")).isEqualTo("database-unavailable");
    assertThat(r.header("Retry-After")).isEqualTo("5");
  }

  private void start() throws Exception {
    port = Ports.freeLoopbackPort();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString(),
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()));
    pb.environment().put("TRIBUTARY_ADMIN_PASSWORD", PASSWORD);
    pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
    process = pb.start();
    Instant deadline = Instant.now().plusSeconds(120);
    while (true) {
      assertThat(process.isAlive()).as(log()).isTrue();
      assertThat(Instant.now()).as(log()).isBefore(deadline);
      try {
        if (given().port(port).get("/q/health/ready").statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
  }

  private String login() {
    return Api.login(port, "admin", PASSWORD);
  }

  private RequestSpecification api(String token) {
    return Api.as(port, token);
  }

  private String creds(String token) {
    return api(token)
        .accept(ContentType.TEXT)
        .body("{}")
        .post("/api/v1/accounts/proc/users/app/creds")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private Optional<Long> postgresPid() throws IOException {
    Path pidFile = dataDir.resolve("postgres/postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
  }

  private String log() {
    return Processes.output(dataDir.resolve("service.log"));
  }
}
