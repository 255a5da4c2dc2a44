package io.tributary.dataplane.jetstream;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.NatsJsScripts;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The official nats.js clients (the jetstream, kv and obj packages of {@code @nats-io}, run by node
 * from {@code src/test/js/consumers.mjs}) against our node, and against nats-server as a control:
 * pull consumers ({@code next}, {@code fetch}, {@code consume}), every ack kind and redelivery,
 * ordered consumers, consumer management and its error codes, an ephemeral's inactive threshold,
 * push consumers with heartbeats and flow control, Key/Value and Object Store.
 */
class NatsJsConsumersIT {
  /** What Debian's nats-server 2.9 lacks: a reason after {@code +TERM} (2.10). */
  private static final Set<String> NEWER_THAN_NATS_SERVER_2_9 = Set.of("term with a reason");

  @TempDir Path dir;

  @Test
  void natsJsConsumerKvAndObjectStoreScenariosPassOnOurNodeAsOnNatsServer() throws Exception {
    JsonNode reference;
    try (NatsServerProcess nats =
        NatsServerProcess.start("jetstream: {store_dir: \"" + dir.resolve("nats") + "\"}\n")) {
      reference = NatsJsScripts.run("consumers.mjs", nats.url());
    }
    JsonNode ours;
    try (TestServer s =
        TestServer.start(
            b ->
                b.set(NodeSettings.JETSTREAM, true)
                    .set(NodeSettings.STORE_DIR, dir.resolve("ours")))) {
      ours = NatsJsScripts.run("consumers.mjs", s.url());
    }
    NatsJsScripts.assertAllPassed(reference, ours, 20, NEWER_THAN_NATS_SERVER_2_9);
  }
}
