package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary operator run} runs the operator module's {@code OperatorMain} (what the
 * operator image runs) with the arguments as given, the jar used as built ({@code
 * TRIBUTARY_NO_BUILD=1}) and a JDK whose java prints its arguments; the launcher's usage names it.
 * The CLI's own {@code operator} commands are not run here (they go to the cli module's jar).
 */
class OperatorLauncherTest {
  static final Path LAUNCHER = Repo.path("tributary");
  static final Path JAR = Repo.path("operator/target/tributary-operator-0.1.0-SNAPSHOT.jar");

  @Test
  void operatorRunExecsOperatorMainWithTheArguments(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(JAR), "the operator is packaged (the reactor builds it before deploy)");
    Path jdk = dir.resolve("jdk");
    Path bin = Files.createDirectories(jdk.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      Path f = bin.resolve(tool);
      Files.writeString(f, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");

    List<String> out =
        run(
            jdk,
            "operator",
            "run",
            "--namespace",
            "messaging",
            "--leader-election",
            "--lease-namespace",
            "tributary");
    assertThat(out)
        .containsExactly(
            "-cp",
            JAR + ":" + Repo.path("operator/target/lib") + "/*",
            "io.tributary.operator.OperatorMain",
            "--namespace",
            "messaging",
            "--leader-election",
            "--lease-namespace",
            "tributary");
  }

  @Test
  void theUsageNamesOperatorRun(@TempDir Path dir) throws Exception {
    assertThat(String.join("\n", run(dir, "--help"))).contains("operator run [--namespace NS]");
  }

  private static List<String> run(Path javaHome, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("TRIBUTARY_NO_BUILD", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return List.of(out.strip().split("\n"));
  }
}
