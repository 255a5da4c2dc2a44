package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

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
  void badArgumentsSayWhy() {
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--namespace"}, null))
        .hasMessage("--namespace needs a value");
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--status-interval", "x"}, null))
        .hasMessageContaining("seconds");
    assertThatThrownBy(() -> OperatorMain.settings(new String[] {"--frobnicate"}, null))
        .hasMessageContaining("unknown argument");
  }
}
