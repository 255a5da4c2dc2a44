package io.tributary.dataplane.jetstream;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.dataplane.testing.NatsJsScripts;

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
    NatsJsScripts.Results r = NatsJsScripts.runOnBothWithJetStream("consumers.mjs", dir);
    NatsJsScripts.assertAllPassed(r.reference(), r.ours(), 20, NEWER_THAN_NATS_SERVER_2_9);
  }
}
