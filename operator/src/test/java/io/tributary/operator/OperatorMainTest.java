package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorMainTest {
  @Test
  void namespacesFromFlagsOrTheEnvironment() {
    assertThat(OperatorMain.settings(new String[] {}, null).namespaces()).isEmpty();
    assertThat(OperatorMain.settings(new String[] {}, "a, b,").namespaces())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(OperatorMain.settings(new String[] {"-n", "c"}, "a,b").namespaces())
        .containsExactly("c");
    assertThat(
            OperatorMain.settings(new String[] {"--status-interval", "5"}, null).statusInterval())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(OperatorMain.settings(new String[] {"--help"}, null)).isNull();
  }

  @Test
  void leaderElectionIsOffUnlessAskedFor() {
    assertThat(OperatorMain.settings(new String[] {}, null).leaderElection()).isNull();
    // a Lease namespace in the environment alone does not turn it on
    assertThat(
            OperatorMain.settings(new String[] {}, Map.of("LEADER_ELECTION_NAMESPACE", "ops"), null)
                .leaderElection())
        .isNull();
  }

  @Test
  void theLeaseNamespaceFromTheFlagTheEnvironmentOrThePod(@TempDir Path dir) throws Exception {
    Path pod = Files.writeString(dir.resolve("namespace"), "tributary\n");
    Path noPod = dir.resolve("absent");
    TributaryOperator.LeaderElection flag =
        OperatorMain.settings(
                new String[] {"--leader-election", "--lease-namespace", "ops"},
                Map.of("LEADER_ELECTION_NAMESPACE", "env"),
                pod)
            .leaderElection();
    assertThat(flag.leaseNamespace()).isEqualTo("ops");
    assertThat(flag.leaseName()).isEqualTo("tributary-operator");
    assertThat(flag.identity()).isNull(); // JOSDK's: HOSTNAME, the pod's name
    assertThat(flag.exitOnLoss()).isTrue();
    assertThat(
            OperatorMain.settings(
                    new String[] {"--leader-election"},
                    Map.of("LEADER_ELECTION_NAMESPACE", "env"),
                    pod)
                .leaderElection()
                .leaseNamespace())
        .isEqualTo("env");
    assertThat(
            OperatorMain.settings(new String[] {"--leader-election"}, Map.of(), pod)
                .leaderElection()
                .leaseNamespace())
        .isEqualTo("tributary");
    assertThat(
            OperatorMain.settings(
                new String[] {"--leader-election", "--lease-name", "prod-operator", "-n", "a"},
                Map.of("LEADER_ELECTION_NAMESPACE", "ops"),
                noPod))
        .satisfies(
            s -> {
              assertThat(s.leaderElection().leaseName()).isEqualTo("prod-operator");
              assertThat(s.leaderElection().leaseNamespace()).isEqualTo("ops");
              assertThat(s.namespaces()).containsExactly("a");
            });
    assertThatThrownBy(
            () -> OperatorMain.settings(new String[] {"--leader-election"}, Map.of(), noPod))
        .hasMessageContaining("--lease-namespace");
  }

  @Test
  void badArgumentsSayWhy() {
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--namespace"}, null))
        .hasMessage("--namespace needs a value");
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--status-interval", "x"}, null))
        .hasMessageContaining("seconds");
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--frobnicate"}, null))
        .hasMessageContaining("unknown argument");
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--lease-namespace", "x"}, null))
        .hasMessageContaining("need --leader-election");
    assertThatThrownBy(
            () ->
                OperatorMain.settings(
                    new String[] {"--leader-election", "--lease-namespace", " "}, null))
        .hasMessageContaining("namespace");
  }
}
