package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.NodeOracle;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Identities made by the official JS libraries ({@code @nats-io/jwt}, {@code @nats-io/nkeys}, via
 * auth's oracle): an operator with a signing key, accounts with exports, imports and scoped signing
 * keys, and users of every kind. Our node and nats-server must accept and refuse them alike.
 */
class JsIdentitiesIT {
  @TempDir Path dir;

  @Test
  void tokensMadeByTheJsLibrariesWorkAsOnNatsServer() throws Exception {
    JsonNode made = NodeOracle.run("make", Map.of("nonce", "unused"));
    String operator = made.get("operator").asText();
    Map<String, String> accounts = new LinkedHashMap<>();
    String system = null;
    for (var it = made.get("accounts").fields(); it.hasNext(); ) {
      var e = it.next();
      String jwt = e.getValue().asText();
      String id = JwtCodec.decode(jwt).subject;
      accounts.put(id, jwt);
      if (e.getKey().equals("SYS")) {
        system = id;
      }
    }
    Map<String, String> creds = new LinkedHashMap<>();
    made.get("users").forEach(u -> creds.put(u.get("label").asText(), u.get("creds").asText()));

    List<Map<String, String>> outcomes = new ArrayList<>();
    try (TestServer node =
            OperatorMode.node(
                operator, system, dir.resolve("r"), OperatorMode.preload(dir, "p", accounts));
        NatsServerProcess ref = OperatorMode.reference(operator, system, dir, accounts)) {
      for (String url : List.of(ref.url(), node.url())) {
        Map<String, String> byUser = new LinkedHashMap<>();
        creds.forEach((label, c) -> byUser.put(label, CredsClient.outcome(url, c)));
        outcomes.add(byUser);

        // A stream export made by jwt.js flows to the importer, as on nats-server.
        try (Connection pub = connect(url, creds.get("by-signing-key"));
            Connection sub = connect(url, creds.get("importer-user"))) {
          Subscription s = sub.subscribe("prices.>");
          sub.flush(Duration.ofSeconds(1));
          pub.publish("prices.eur", "1.08".getBytes(StandardCharsets.UTF_8));
          Message m = s.nextMessage(Duration.ofSeconds(2));
          assertThat(m).as(url).isNotNull();
          assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("1.08");
        }
      }
    }
    assertThat(outcomes.get(0).get("plain")).isEqualTo("connected");
    assertThat(outcomes.get(0).get("scoped")).isEqualTo("connected");
    assertThat(outcomes.get(0).get("expired")).isEqualTo("Authorization Violation");
    assertThat(outcomes.get(1)).as("ours vs nats-server").isEqualTo(outcomes.get(0));
  }
}
