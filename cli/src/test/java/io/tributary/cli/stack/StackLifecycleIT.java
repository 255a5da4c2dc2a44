package io.tributary.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.Ports;

/**
 * One local stack through its life, started once (the costly part): {@code up --detach} returns
 * when it is ready, {@code status} reports every part healthy, the node's monitoring answers, a
 * second {@code up} on the data directory is refused, a node killed while a foreign server holds
 * its port is neither mistaken for that server nor restarted in a loop and comes back once the port
 * is free, and {@code down} leaves nothing running.
 */
class StackLifecycleIT {
  private StackCommands stack;

  @AfterEach
  void cleanUp() {
    if (stack != null) {
      stack.cleanUp();
    }
  }

  @Test
  void upStatusDown() throws Exception {
    stack = new StackCommands(Files.createTempDirectory("tributary-stack"));
    Set<Integer> distinct = new LinkedHashSet<>();
    while (distinct.size() < 4) {
      distinct.add(Ports.freeLoopbackPort());
    }
    List<Integer> p = List.copyOf(distinct);
    int api = p.get(0);
    int nats = p.get(1);
    int http = p.get(2);
    int db = p.get(3);

    // up --detach: returns once ready, with the banner
    StackCommands.Result up =
        stack.run(
            Duration.ofMinutes(5),
            "up",
            "--detach",
            "--api-port",
            String.valueOf(api),
            "--nats-port",
            String.valueOf(nats),
            "--http-port",
            String.valueOf(http),
            "--db-port",
            String.valueOf(db));
    assertThat(up.exitCode()).as(stack.transcript()).isZero();
    assertThat(up.output())
        .contains(
            "Tributary is up, ready in",
            "web console     http://127.0.0.1:" + api + "/",
            "http://127.0.0.1:" + api + "/api/v1",
            "nats://127.0.0.1:" + nats,
            "http://127.0.0.1:" + http + "/healthz",
            "http://127.0.0.1:" + http + "/metrics",
            "127.0.0.1:" + db,
            "./tributary login http://127.0.0.1:" + api + " --username admin --password-stdin <",
            "./tributary user creds app --account acme -o app.creds",
            "npm install @nats-io/transport-node",
            "nats --creds app.creds -s nats://127.0.0.1:" + nats + " pub hello world",
            "./tributary down --data-dir " + stack.dataDir);
    System.out.printf("up --detach: ready in %d ms%n", up.took().toMillis());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stack.dataDir.resolve("admin-password"))))
        .isEqualTo("rw-------");

    // status: every part healthy
    StackCommands.Result status = stack.run(Duration.ofSeconds(30), "status");
    assertThat(status.exitCode()).as(stack.transcript()).isZero();
    assertThat(status.output())
        .contains("ready (supervisor pid", "in the background")
        .containsPattern("control plane +pid \\d+ +http://127.0.0.1:" + api + " +ready")
        .containsPattern("node +pid \\d+ +nats://127.0.0.1:" + nats + " +healthy")
        .containsPattern("PostgreSQL +pid \\d+ +127.0.0.1:" + db + " +running");
    assertThat(get("http://127.0.0.1:" + http + "/healthz")).isEqualTo(200);
    // the console is served by the stack's control plane, a deep link included
    assertThat(get("http://127.0.0.1:" + api + "/accounts/acme")).isEqualTo(200);

    // a second up on this data directory says so
    StackCommands.Result again = stack.run(Duration.ofSeconds(30), "up", "--detach");
    assertThat(again.exitCode()).as(stack.transcript()).isEqualTo(1);
    assertThat(again.output()).contains("a stack already runs on " + stack.dataDir);

    // the node dies and a foreign server takes its port: not ours, so not healthy; the restarts
    // fail with the reason and back off; once the port is free the node runs again
    Path state = stack.dataDir.resolve("run/stack.json");
    long nodePid = number(StackCommands.read(state), "node_pid");
    ProcessHandle node = ProcessHandle.of(nodePid).orElseThrow();
    node.destroyForcibly();
    node.onExit().get(10, TimeUnit.SECONDS);
    Path upLog = stack.dataDir.resolve("logs/up.log");
    try (ForeignNatsServer foreign = new ForeignNatsServer(nats)) {
      await(
          "a restart refused by the foreign server's port",
          Duration.ofSeconds(60),
          () -> StackCommands.read(upLog).contains("Address already in use"));
      StackCommands.Result meanwhile = stack.run(Duration.ofSeconds(30), "status");
      assertThat(meanwhile.exitCode()).as(stack.transcript()).isEqualTo(1);
      assertThat(meanwhile.output()).doesNotContainPattern("node +pid \\d+ .*healthy");
      assertThat(StackCommands.read(upLog)).doesNotContain("the node runs again");
    }
    await(
        "the node running again",
        Duration.ofSeconds(90),
        () -> stack.run(Duration.ofSeconds(30), "status").exitCode() == 0);
    assertThat(number(StackCommands.read(state), "node_pid")).isNotEqualTo(nodePid);
    assertThat(StackCommands.read(upLog))
        .contains("the node (pid " + nodePid + ") exited (killed by SIGKILL)")
        .contains("the node runs again")
        .doesNotContain("keeps dying");

    // down: everything stops, status says so
    StackCommands.Result down = stack.run(Duration.ofMinutes(3), "down");
    assertThat(down.exitCode()).as(stack.transcript()).isZero();
    assertThat(down.output()).contains("stopped the stack on " + stack.dataDir);
    System.out.printf("down: %d ms%n", down.took().toMillis());
    assertThat(stack.processes()).as(StackCommands.describe(stack.processes())).isEmpty();
    StackCommands.Result after = stack.run(Duration.ofSeconds(30), "status");
    assertThat(after.exitCode()).as(stack.transcript()).isEqualTo(3);
    assertThat(after.output()).contains("No stack runs on " + stack.dataDir);
    assertThat(state).doesNotExist();
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  private static int get(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void await(String what, Duration within, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what + stack.transcript()).isNegative();
      Thread.sleep(200);
    }
  }

  /** A NATS-speaking server that is not ours: it greets every client with its own INFO. */
  private static final class ForeignNatsServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;

    ForeignNatsServer(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!socket.isClosed()) {
                      try (Socket c = socket.accept()) {
                        OutputStream out = c.getOutputStream();
                        out.write(
                            ("INFO {\"server_id\":\"FOREIGN\",\"server_name\":\"foreign\","
                                    + "\"version\":\"2.10.0\",\"max_payload\":1048576}\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                      } catch (IOException e) {
                        // closed
                      }
                    }
                  });
    }

    @Override
    public void close() throws Exception {
      socket.close();
      acceptor.join(5000);
    }
  }
}
