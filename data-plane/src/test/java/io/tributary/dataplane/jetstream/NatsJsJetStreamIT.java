package io.tributary.dataplane.jetstream;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.NatsJsScripts;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The official nats.js JetStream client ({@code @nats-io/jetstream}, run by node from {@code
 * src/test/js/jetstream.mjs}) against our node, and against nats-server as a control: stream
 * management, publishing with its options, reads, direct gets and the error paths nats.js matches
 * by code and by text.
 */
class NatsJsJetStreamIT {
  @TempDir Path dir;

  @Test
  void natsJsJetStreamScenariosPassOnOurNodeAsOnNatsServer() throws Exception {
    JsonNode reference;
    try (NatsServerProcess nats =
        NatsServerProcess.start("jetstream: {store_dir: \"" + dir.resolve("nats") + "\"}\n")) {
      reference = NatsJsScripts.run("jetstream.mjs", nats.url());
    }
    JsonNode ours;
    try (TestServer s =
        TestServer.start(
            b ->
                b.set(NodeSettings.JETSTREAM, true)
                    .set(NodeSettings.STORE_DIR, dir.resolve("ours")))) {
      ours = NatsJsScripts.run("jetstream.mjs", s.url());
    }
    NatsJsScripts.assertAllPassed(reference, ours, 12);
  }
}
