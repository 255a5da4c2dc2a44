package io.tributary.dataplane.jetstream;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.testing.NatsJsScripts;

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
    NatsJsScripts.Results r = NatsJsScripts.runOnBothWithJetStream("jetstream.mjs", dir);
    NatsJsScripts.assertAllPassed(r.reference(), r.ours(), 12);
  }
}
