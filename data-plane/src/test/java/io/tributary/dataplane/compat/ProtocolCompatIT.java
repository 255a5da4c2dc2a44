package io.tributary.dataplane.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.testing.RawClient;
import io.tributary.dataplane.testing.TestServer;

/**
 * Differential test: the same raw protocol transcripts go to Debian's nats-server and to our node;
 * the responses must be identical, line by line, and so must whether the connection was closed.
 * Covers every {@code -ERR} path and malformed input (garbage, oversized lines, bad sizes,
 * truncated frames, bad subjects) next to normal traffic.
 */
class ProtocolCompatIT {
  private static final String C =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";
  private static NatsServerProcess reference;
  private static TestServer ours;
  private static RawClient bystander;

  @BeforeAll
  static void start() {
    reference = NatsServerProcess.start("max_payload: 1048576\n");
    ours = TestServer.start();
    bystander = RawClient.connect(ours.port());
    bystander.exchange(C + "SUB bystander 1\r\nPING\r\n");
  }

  @AfterAll
  static void stop() {
    if (bystander != null) {
      bystander.close();
    }
    if (reference != null) {
      reference.close();
    }
    if (ours != null) {
      ours.close();
    }
  }

  static Stream<Arguments> transcripts() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("garbage", "XYZ\r\n");
    t.put("garbage without newline", "XYZ");
    t.put("empty line", "\r\n");
    t.put("PUB without arguments", C + "PUB\r\n");
    t.put("CONNECT without arguments", "CONNECT\r\n");
    t.put(
        "a second CONNECT takes its options",
        "CONNECT {\"verbose\":true}\r\nCONNECT {\"verbose\":false}\r\nPING\r\n");
    t.put("PUB with one argument", C + "PUB foo\r\n");
    t.put("PUB with a non-numeric size", C + "PUB foo x\r\n");
    t.put("PUB with a negative size", C + "PUB foo -1\r\n");
    t.put("PUB with four arguments", C + "PUB a b c 1\r\nx\r\n");
    t.put("PUB with a bad payload terminator", C + "PUB foo 2\r\nabXY");
    t.put("PUB with a huge size", C + "PUB foo 99999999999\r\n");
    t.put("PUB over max payload", C + "PUB foo 2000000\r\n");
    t.put("SUB to an invalid subject", C + "SUB foo..bar 1\r\nPING\r\n");
    t.put("SUB with one argument", C + "SUB foo\r\n");
    t.put("UNSUB without arguments", C + "UNSUB\r\n");
    t.put("UNSUB with a bad max", C + "SUB foo 1\r\nUNSUB 1 x\r\nPUB foo 1\r\na\r\nPING\r\n");
    t.put("PING with an argument", C + "PING x\r\n");
    t.put("CONNECT with bad JSON", "CONNECT {bad\r\n");
    t.put("CONNECT with protocol 2", "CONNECT {\"protocol\":2}\r\n");
    t.put("no_responders without headers", "CONNECT {\"no_responders\":true}\r\n");
    t.put(
        "HPUB without headers",
        "CONNECT {\"verbose\":false}\r\nHPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
    t.put("HPUB header size over total", C + "HPUB foo 14 12\r\n");
    t.put("control line too long", C + "SUB " + "a".repeat(5000) + " 1\r\n");
    t.put("control line too long without newline", C + "SUB " + "a".repeat(5000));
    t.put(
        "verbose",
        "CONNECT {\"verbose\":true}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\nPING\r\n");
    t.put(
        "pedantic wildcard publish",
        "CONNECT {\"verbose\":false,\"pedantic\":true}\r\nSUB foo.* 1\r\nPUB foo.* 2\r\nhi\r\nPING\r\n");
    t.put(
        "no responders",
        "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\nSUB _INBOX.x 1\r\nPUB nobody _INBOX.x 2\r\nhi\r\nPING\r\n");
    t.put(
        "duplicate sid",
        C + "SUB foo 1\r\nSUB bar 1\r\nPUB bar 1\r\nx\r\nPUB foo 1\r\ny\r\nPING\r\n");
    t.put(
        "lower-case operations",
        "connect {\"verbose\":false}\r\nsub foo 1\r\npub foo 2\r\nhi\r\nping\r\n");
    t.put("-ERR from a client", C + "-ERR 'x'\r\n");
    t.put("INFO from a client", C + "INFO {}\r\nPING\r\n");
    t.put("+OK from a client", C + "+OK\r\nPING\r\n");
    t.put("MSG from a client", C + "MSG foo 1 1\r\nx\r\n");
    t.put("tabs and extra spaces", C + "SUB\tfoo\t 1\r\nPUB  foo\t2\r\nhi\r\nPING\r\n");
    t.put(
        "auto-unsubscribe",
        C
            + "SUB foo 1\r\nUNSUB 1 2\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\nPING\r\n");
    t.put("empty payload", C + "SUB foo 1\r\nPUB foo 0\r\n\r\nPING\r\n");
    t.put("bare LF line ends", C + "SUB foo 1\nPUB foo 1\nx\r\nPING\n");
    t.put("PING before CONNECT", "PING\r\n");
    t.put("SUB before CONNECT", "SUB foo 1\r\nPING\r\n");
    t.put("account in CONNECT", "CONNECT {\"account\":\"x\"}\r\nPING\r\n");
    t.put(
        "headers to a header client",
        C + "SUB foo 1\r\nHPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n");
    // One member per group: which member of a larger group gets a message is random on both
    // servers.
    t.put("queue subscription", C + "SUB foo q 1\r\nSUB foo 3\r\nPUB foo 1\r\nx\r\nPING\r\n");
    t.put(
        "wildcards",
        C + "SUB a.* 1\r\nSUB a.> 2\r\nSUB > 3\r\nPUB a.b 1\r\nx\r\nPUB a.b.c 1\r\ny\r\nPING\r\n");
    t.put("reply subject", C + "SUB svc 1\r\nPUB svc inbox.1 2\r\nhi\r\nPING\r\n");
    t.put("invalid queue", C + "SUB foo bad..q 1\r\nPING\r\n");
    return t.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void sameResponsesAsNatsServer(String name, String transcript) {
    RawClient.Transcript expected;
    RawClient.Transcript actual;
    try (RawClient ref = RawClient.connect(reference.port());
        RawClient us = RawClient.connect(ours.port())) {
      assertThat(ref.info()).startsWith("INFO {");
      assertThat(us.info()).startsWith("INFO {");
      expected = ref.exchange(transcript);
      actual = us.exchange(transcript);
    }
    assertThat(actual.text()).as(name).isEqualTo(expected.text());
    assertThat(actual.closed()).as(name + ": closed").isEqualTo(expected.closed());
    // Whatever one connection sent, the node and the other connections keep working.
    assertThat(bystander.exchange("PUB bystander 2\r\nok\r\nPING\r\n").text())
        .as(name + ": bystander")
        .isEqualTo("MSG bystander 1 2\r\nok\r\nPONG\r\n");
  }
}
