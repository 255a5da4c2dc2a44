package io.tributary.dataplane.client;

import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.testing.NatsJsScripts;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The official nats.js client ({@code @nats-io/transport-node}, run by node from {@code
 * src/test/js/clients.mjs}) against our node, and against nats-server as a control: every scenario
 * must pass on both.
 */
class NatsJsIT {
  @Test
  void natsJsScenariosPassOnOurNodeAsOnNatsServer() throws Exception {
    JsonNode reference;
    try (NatsServerProcess nats = NatsServerProcess.start("")) {
      reference = NatsJsScripts.run("clients.mjs", nats.url());
    }
    JsonNode ours;
    try (TestServer s = TestServer.start()) {
      ours = NatsJsScripts.run("clients.mjs", s.url());
    }
    NatsJsScripts.assertAllPassed(reference, ours, 10);
  }
}
