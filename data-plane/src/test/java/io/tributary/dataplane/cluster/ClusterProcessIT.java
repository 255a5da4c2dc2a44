package io.tributary.dataplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.tributary.auth.testing.Ports;
import io.tributary.dataplane.cli.NodeCli;
import io.tributary.dataplane.testing.Await;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three nodes as separate processes, with nats-server's flags: one killed with SIGKILL rejoins when
 * started again and learns the interest it lost; a client of the killed node fails over to another
 * node it learned from {@code connect_urls}.
 */
class ClusterProcessIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Connection> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Connection c : clients) {
      c.close();
    }
    for (Process p : processes) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private record Node(String name, int port, int routePort, int httpPort) {
    String url() {
      return "nats://127.0.0.1:" + port;
    }
  }

  private Process start(Node n, String routes) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                NodeCli.class.getName(),
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(n.port()),
                "-m",
                String.valueOf(n.httpPort()),
                "-n",
                n.name(),
                "--cluster",
                "nats://127.0.0.1:" + n.routePort(),
                "--cluster_name",
                "procs",
                "--lame-duck-grace-period",
                "200ms",
                "--lame-duck-duration",
                "1s"));
    if (routes != null) {
      cmd.addAll(List.of("--routes", routes));
    }
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve(n.name() + ".log").toFile()))
            .start();
    processes.add(p);
    return p;
  }

  private static int routes(Node n) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/routez"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body()).path("num_routes").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(30), condition);
  }

  private Node node(String name) {
    return new Node(
        name, Ports.freeLoopbackPort(), Ports.freeLoopbackPort(), Ports.freeLoopbackPort());
  }

  @Test
  void aKilledNodeRejoinsAndItsClientsFailOver() throws Exception {
    Node a = node("a");
    Node b = node("b");
    Node c = node("c");
    String seed = "nats://127.0.0.1:" + a.routePort();
    start(a, null);
    Process pb = start(b, seed);
    start(c, seed);
    await("a full mesh", () -> routes(a) == 2 && routes(b) == 2 && routes(c) == 2);

    // a client of b that knows only b's URL; it learns the others from INFO
    Connection onB =
        Nats.connect(
            new Options.Builder()
                .server(b.url())
                .reconnectWait(Duration.ofMillis(100))
                .maxReconnects(-1)
                .build());
    clients.add(onB);
    await("the cluster's URLs", () -> onB.getServers().size() >= 3);
    Subscription sub = onB.subscribe("after.kill");
    onB.flush(Duration.ofSeconds(2));

    pb.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    await("a and c see b gone", () -> routes(a) == 1 && routes(c) == 1);
    await(
        "the client moved",
        () ->
            onB.getStatus() == Connection.Status.CONNECTED
                && !onB.getConnectedUrl().contains(":" + b.port()));

    Connection onA = Nats.connect(a.url());
    clients.add(onA);
    Thread.sleep(300); // the resubscription reaches the other nodes
    onA.publish("after.kill", "moved".getBytes());
    assertThat(sub.nextMessage(Duration.ofSeconds(5)))
        .as("the client's subscription followed it")
        .isNotNull();

    // b comes back on the same ports and re-learns the interest of the others
    start(b, seed);
    await("the mesh again", () -> routes(a) == 2 && routes(b) == 2 && routes(c) == 2);
    Connection newOnB = Nats.connect(b.url());
    clients.add(newOnB);
    Connection cClient = Nats.connect(c.url());
    clients.add(cClient);
    Subscription onC = cClient.subscribe("back.again");
    cClient.flush(Duration.ofSeconds(2));
    Thread.sleep(300);
    newOnB.publish("back.again", "hi".getBytes());
    assertThat(onC.nextMessage(Duration.ofSeconds(5))).as("b knows c's interest").isNotNull();
    assertThat(Files.readString(dir.resolve("b.log"))).contains("route");

    // SIGUSR2 (what --signal ldm sends): c goes into lame-duck mode, moves its client, exits
    Connection onCForLdm =
        Nats.connect(
            new Options.Builder()
                .server(c.url())
                .reconnectWait(Duration.ofMillis(100))
                .maxReconnects(-1)
                .build());
    clients.add(onCForLdm);
    await("c's client knows the others", () -> onCForLdm.getServers().size() >= 3);
    Process pc = processes.get(2);
    new ProcessBuilder("kill", "-USR2", String.valueOf(pc.pid())).start().waitFor();
    assertThat(pc.waitFor(15, TimeUnit.SECONDS)).as("c exits after lame-duck mode").isTrue();
    assertThat(pc.exitValue()).isZero();
    await(
        "c's client moved",
        () ->
            onCForLdm.getStatus() == Connection.Status.CONNECTED
                && !onCForLdm.getConnectedUrl().contains(":" + c.port()));
    assertThat(Files.readString(dir.resolve("c.log"))).contains("lame duck mode");
  }
}
