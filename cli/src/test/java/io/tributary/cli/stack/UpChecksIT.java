package io.tributary.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tributary.auth.testing.Ports;

/**
 * What {@code ./tributary up} refuses before it starts anything, and {@code status}/{@code down}
 * without a running stack: each case takes well under a second, since nothing is started.
 */
class UpChecksIT {
  /** The four ports of a stack, with the words up's message names each by. */
  enum Kind {
    API("--api-port", "API"),
    NATS("--nats-port", "NATS"),
    MONITORING("--http-port", "monitoring"),
    POSTGRESQL("--db-port", "PostgreSQL");

    final String flag;
    final String word;

    Kind(String flag, String word) {
      this.flag = flag;
      this.word = word;
    }
  }

  private StackCommands stack;
  private List<Integer> ports;

  @BeforeEach
  void dataDir() throws Exception {
    stack = new StackCommands(Files.createTempDirectory("tributary-up-checks"));
    Set<Integer> distinct = new LinkedHashSet<>();
    while (distinct.size() < 4) {
      distinct.add(Ports.freeLoopbackPort());
    }
    ports = List.copyOf(distinct);
  }

  @AfterEach
  void cleanUp() {
    stack.cleanUp();
  }

  private String[] up(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                Kind.API.flag,
                String.valueOf(ports.get(0)),
                Kind.NATS.flag,
                String.valueOf(ports.get(1)),
                Kind.MONITORING.flag,
                String.valueOf(ports.get(2)),
                Kind.POSTGRESQL.flag,
                String.valueOf(ports.get(3))));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTakenPortIsNamedWithItsHolderAndNothingStarts(Kind kind) throws Exception {
    int port = ports.get(kind.ordinal());
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      StackCommands.Result r = stack.run(Duration.ofSeconds(20), up());

      assertThat(r.exitCode()).as(stack.transcript()).isEqualTo(1);
      String line =
          r.output()
              .lines()
              .filter(l -> l.contains("port " + port))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no line names port " + port + ":\n" + r.output()));
      assertThat(line)
          .contains(
              kind.word, kind.flag, "in use by java (pid " + ProcessHandle.current().pid() + ")");
      assertThat(r.output()).doesNotContain("Tributary is up", "starting the control plane");
      assertThat(r.took()).isLessThan(Duration.ofSeconds(5));
      assertThat(stack.processes()).as(StackCommands.describe(stack.processes())).isEmpty();
      assertThat(stack.dataDir.resolve("run/stack.json")).doesNotExist();
      System.out.printf("up with the %s port taken: refused in %d ms%n", kind, r.took().toMillis());
    }
  }

  @Test
  void twoPartsOnOnePortAreRefused() {
    StackCommands.Result r =
        stack.run(
            Duration.ofSeconds(20),
            "up",
            "--api-port",
            String.valueOf(ports.get(0)),
            "--nats-port",
            String.valueOf(ports.get(0)));

    assertThat(r.exitCode()).as(stack.transcript()).isEqualTo(2);
    assertThat(r.output()).contains("--api-port and --nats-port are both port " + ports.get(0));
  }

  @Test
  void statusAndDownWithoutAStack() {
    StackCommands.Result status = stack.run(Duration.ofSeconds(20), "status");
    assertThat(status.exitCode()).as(stack.transcript()).isEqualTo(3);
    assertThat(status.output()).contains("No stack runs on " + stack.dataDir);

    StackCommands.Result down = stack.run(Duration.ofSeconds(20), "down");
    assertThat(down.exitCode()).as(stack.transcript()).isZero();
    assertThat(down.output()).contains("nothing runs on " + stack.dataDir);
  }

  /** A state file whose supervisor is gone (its pid ended, or now names another process). */
  @Test
  void staleStateIsDetectedAndCleared() throws Exception {
    Path state = stack.dataDir.resolve("run/stack.json");
    Files.createDirectories(state.getParent());
    // this JVM's pid with a start time it does not have: a recycled pid
    Files.writeString(
        state,
        """
        {
          "version": 1,
          "phase": "ready",
          "started_at": "2020-01-01T00:00:00+00:00",
          "supervisor_pid": %d,
          "supervisor_start": "1",
          "control_plane_pid": null,
          "node_pid": null
        }
        """
            .formatted(ProcessHandle.current().pid()));

    StackCommands.Result status = stack.run(Duration.ofSeconds(20), "status");
    assertThat(status.exitCode()).as(stack.transcript()).isEqualTo(3);
    assertThat(status.output()).contains("No stack runs", "stale state");

    StackCommands.Result down = stack.run(Duration.ofSeconds(20), "down");
    assertThat(down.exitCode()).as(stack.transcript()).isZero();
    assertThat(down.output()).contains("nothing runs");
    assertThat(state).doesNotExist();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }
}
