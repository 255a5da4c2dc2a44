package io.tributary.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tributary.dataplane.config.NodeSettings;
import io.tributary.operator.reconcile.InvalidSpecException;

class NodeFlagsTest {
  @Test
  void overridesFollowTheConfigFileSortedByKey() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("max-payload", "4MB");
    overrides.put("max-connections", "1000");
    overrides.put("no-advertise", "true");
    assertThat(NodeFlags.args(overrides))
        .containsExactly(
            "--config",
            "/etc/tributary/node.conf",
            "--max-connections=1000",
            "--max-payload=4MB",
            "--no-advertise=true");
    assertThat(NodeFlags.args(null)).containsExactly("--config", "/etc/tributary/node.conf");
  }

  @Test
  void whatTheOperatorSetsIsRefusedWithTheFieldToUse() {
    assertThatThrownBy(() -> NodeFlags.args(Map.of("port", "5222")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.config.port: set by the operator (spec.clientPort)");
    assertThatThrownBy(() -> NodeFlags.args(Map.of("routes", "nats-route://x:6222")))
        .hasMessageContaining("set by the operator");
    assertThatThrownBy(() -> NodeFlags.args(Map.of("users", "[]")))
        .hasMessageContaining("operator mode");
  }

  @Test
  void keysAreFlagNamesAndValuesOneLine() {
    assertThatThrownBy(() -> NodeFlags.args(Map.of("--max-payload", "1MB")))
        .hasMessageContaining("without its dashes");
    assertThatThrownBy(() -> NodeFlags.args(Map.of("max_payload", "1MB")))
        .hasMessageContaining("without its dashes");
    assertThatThrownBy(() -> NodeFlags.args(Map.of("max-payload", "1MB\n--port=1")))
        .hasMessageContaining("one line");
  }

  @Test
  void everyManagedKeyIsOneOfTheNodesFlags() {
    Set<String> notSettings = Set.of("config", "signal", "help", "version");
    for (String key : NodeFlags.MANAGED.keySet()) {
      if (!notSettings.contains(key)) {
        assertThat(NodeSettings.forFlag("--" + key)).as(key).isNotNull();
      }
    }
    // …and so is every override the tests and docs use.
    for (String key : Set.of("max-payload", "max-connections", "no-advertise", "sync")) {
      assertThat(NodeSettings.forFlag("--" + key)).as(key).isNotNull();
    }
  }
}
