package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node image's {@code tributary} script, run outside a container: the JVM flags it gives (as
 * the repository's launcher sizes them), the arguments it passes through, the small JVM for {@code
 * --signal}; and a real node started through it from the image's layout, then put in lame-duck mode
 * the way the operator's preStop does, until it exits and removes its pid file.
 */
class NodeEntrypointTest {
  static final Path SCRIPT = Repo.path("deploy/images/node/tributary");

  record Run(int exit, String out) {
    List<String> args() {
      return List.of(out.strip().split("\n"));
    }
  }

  /** A JAVA_HOME whose java prints its arguments, one a line. */
  static Path fakeJava(Path dir, String version) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"" + version + "\"\n");
    return dir.resolve("jdk");
  }

  static Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("TRIBUTARY_NODE_HEAP");
    pb.environment().remove("TRIBUTARY_NODE_DIRECT");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** What ./tributary's node_memory prints on this machine: the script must size the JVM alike. */
  static String launcherMemory() throws Exception {
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "eval \"$(sed -n '/^node_memory() {/,/^}/p' \"$1\")\"; node_memory",
                "bash",
                Repo.path("tributary").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out).matches("\\d+m \\d+m");
    return out;
  }

  @Test
  void runsTheNodeSizedLikeTheLauncherAndPassesTheFlagsThrough(@TempDir Path dir) throws Exception {
    Path jdk = fakeJava(dir, "25.0.1");
    Run r =
        run(
            Map.of("JAVA_HOME", jdk.toString(), "TRIBUTARY_HOME", "/opt/tributary/node"),
            "node",
            "--config",
            "/etc/tributary/node.conf",
            "--max-payload=4MB");
    assertThat(r.exit()).as(r.out()).isZero();
    String[] memory = launcherMemory().split(" ");
    assertThat(r.args())
        .containsExactly(
            "--sun-misc-unsafe-memory-access=allow",
            "-Xms32m",
            "-Xmx" + memory[0],
            "-XX:MaxDirectMemorySize=" + memory[1],
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:GCTimeRatio=4",
            "-cp",
            "/opt/tributary/node/tributary-data-plane.jar:/opt/tributary/node/lib/*",
            "io.tributary.dataplane.cli.NodeCli",
            "--config",
            "/etc/tributary/node.conf",
            "--max-payload=4MB");
  }

  @Test
  void heapAndDirectMemoryCanBeSetAndAnOlderJdkGetsNoUnsafeFlag(@TempDir Path dir)
      throws Exception {
    Path jdk = fakeJava(dir, "21.0.5");
    Run r =
        run(
            Map.of(
                "JAVA_HOME",
                jdk.toString(),
                "TRIBUTARY_NODE_HEAP",
                "4g",
                "TRIBUTARY_NODE_DIRECT",
                "1g"),
            "node");
    assertThat(r.args())
        .startsWith(
            "-Xms32m",
            "-Xmx4g",
            "-XX:MaxDirectMemorySize=1g",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:GCTimeRatio=4");
  }

  @Test
  void aSignalIsSentByASmallJvm(@TempDir Path dir) throws Exception {
    Path jdk = fakeJava(dir, "25");
    Run r =
        run(
            Map.of("JAVA_HOME", jdk.toString()),
            "node",
            "--signal",
            "ldm",
            "--pid-file",
            "/var/run/tributary/node.pid");
    assertThat(r.exit()).isZero();
    assertThat(r.args()).contains("-Xmx64m").doesNotContain("-XX:+ExitOnOutOfMemoryError");
    assertThat(r.args())
        .endsWith(
            "io.tributary.dataplane.cli.NodeCli",
            "--signal",
            "ldm",
            "--pid-file",
            "/var/run/tributary/node.pid");
  }

  @Test
  void onlyNodeIsACommand(@TempDir Path dir) throws Exception {
    Path jdk = fakeJava(dir, "25");
    assertThat(run(Map.of("JAVA_HOME", jdk.toString()), "control").exit()).isEqualTo(2);
  }

  /**
   * The image's layout (/opt/tributary/node: the jar under its fixed name and lib/), a real JDK,
   * the node started by the script in the background and stopped as the operator's preStop does.
   */
  @Test
  void aRealNodeStartsThroughTheScriptAndDrainsOnLameDuck(@TempDir Path dir) throws Exception {
    Path home = Files.createDirectories(dir.resolve("opt/tributary/node"));
    Files.createSymbolicLink(
        home.resolve("tributary-data-plane.jar"),
        Repo.path("data-plane/target/tributary-data-plane-0.1.0-SNAPSHOT.jar"));
    Files.createSymbolicLink(home.resolve("lib"), Repo.path("data-plane/target/lib"));
    Path pidFile = dir.resolve("node.pid");
    int port = freePort();
    Map<String, String> env =
        Map.of(
            "JAVA_HOME",
            System.getProperty("java.home"),
            "TRIBUTARY_HOME",
            home.toString(),
            "TRIBUTARY_NODE_HEAP",
            "256m",
            "TRIBUTARY_NODE_DIRECT",
            "128m");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/bin/sh",
                SCRIPT.toString(),
                "node",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                "0",
                "--pid-file",
                pidFile.toString(),
                "--lame-duck-duration",
                "1s",
                "--lame-duck-grace-period",
                "1s")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("node.log").toFile());
    pb.environment().putAll(env);
    Process node = pb.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      String info = null;
      while (info == null && Instant.now().isBefore(deadline) && node.isAlive()) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 500);
          s.setSoTimeout(5000);
          byte[] buf = new byte[5];
          int n = s.getInputStream().readNBytes(buf, 0, 5);
          info = new String(buf, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(info).as(Files.readString(dir.resolve("node.log"))).isEqualTo("INFO ");
      assertThat(pidFile).exists();
      // the script exec'd the JVM: the pid in the file is the process the script started
      assertThat(Files.readString(pidFile).strip()).isEqualTo(String.valueOf(node.pid()));

      ProcessBuilder signal =
          new ProcessBuilder(
                  "/bin/sh",
                  SCRIPT.toString(),
                  "node",
                  "--signal",
                  "ldm",
                  "--pid-file",
                  pidFile.toString())
              .redirectErrorStream(true);
      signal.environment().putAll(env);
      Process ldm = signal.start();
      String out = new String(ldm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ldm.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ldm.exitValue()).as(out).isZero();
      assertThat(node.waitFor(60, TimeUnit.SECONDS))
          .as("the node exits after lame duck: %s", Files.readString(dir.resolve("node.log")))
          .isTrue();
      assertThat(pidFile).as("the preStop waits for the pid file to go").doesNotExist();
    } finally {
      node.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
