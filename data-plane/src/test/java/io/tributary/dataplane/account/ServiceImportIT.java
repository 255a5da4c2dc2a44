package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.ResponsePermission;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * Service exports and imports (cross-account request/reply) and response permissions: each scenario
 * runs on nats-server and on our node with the same JWTs, and the outcomes must match.
 */
class ServiceImportIT {
  @TempDir static Path dir;
  private static final TestOperator OP = new TestOperator();
  private static final TestAccount SVC = OP.account("service");
  private static final TestAccount CLIENT = OP.account("client");
  private static final TestAccount OUTSIDER = OP.account("outsider");
  private static TestServer ours;
  private static NatsServerProcess reference;

  @BeforeAll
  static void start() throws Exception {
    SVC.claims.nats.exports.add(new Export("help", "help.>", ExportType.SERVICE));
    Export stream = new Export("feed", "feed.>", ExportType.SERVICE);
    stream.responseType = Export.RESPONSE_STREAM;
    SVC.claims.nats.exports.add(stream);
    Export priv = new Export("private", "private.>", ExportType.SERVICE);
    priv.tokenRequired = true;
    SVC.claims.nats.exports.add(priv);

    CLIENT.claims.nats.imports.add(new Import("help", "help.>", SVC.id(), ExportType.SERVICE));
    Import renamed = new Import("ask", "help.>", SVC.id(), ExportType.SERVICE);
    renamed.localSubject = "ask.>";
    CLIENT.claims.nats.imports.add(renamed);
    CLIENT.claims.nats.imports.add(new Import("feed", "feed.>", SVC.id(), ExportType.SERVICE));
    Import withToken = new Import("private", "private.>", SVC.id(), ExportType.SERVICE);
    withToken.token =
        JwtCodec.encode(
            ActivationClaims.create(CLIENT.id(), "private.>", ExportType.SERVICE), SVC.key);
    CLIENT.claims.nats.imports.add(withToken);
    OUTSIDER.claims.nats.imports.add(
        new Import("private", "private.>", SVC.id(), ExportType.SERVICE));

    List<TestAccount> all = List.of(OP.system, SVC, CLIENT, OUTSIDER);
    ours = OperatorMode.node(OP, dir.resolve("r"), OperatorMode.preload(dir, "preload", all));
    reference = OperatorMode.reference(OP, dir, all);
  }

  @AfterAll
  static void stop() {
    if (ours != null) {
      ours.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void requestsCrossAccountsThroughImportsOnly() throws Exception {
    List<String> expected =
        List.of(
            "help.me from _R_",
            "help.me from _R_",
            "private.x from _R_",
            "no responders",
            "no responders",
            "local.x from _INBOX");
    for (String url : List.of(reference.url(), ours.url())) {
      try (Connection responder = connect(url, SVC.user("responder").creds());
          Connection requester = connect(url, CLIENT.user("requester").creds());
          Connection outsider = connect(url, OUTSIDER.user("outsider").creds())) {
        // The responder answers with the subject it saw and the first token of the reply subject.
        Dispatcher d =
            responder.createDispatcher(
                m -> {
                  String inbox = m.getReplyTo().substring(0, m.getReplyTo().indexOf('.'));
                  responder.publish(m.getReplyTo(), bytes(m.getSubject() + " from " + inbox));
                });
        d.subscribe("help.>");
        d.subscribe("private.>");
        d.subscribe("local.>");
        responder.flush(Duration.ofSeconds(1));
        List<String> outcomes = new ArrayList<>();
        outcomes.add(ask(requester, "help.me"));
        outcomes.add(ask(requester, "ask.me")); // renamed by local_subject
        outcomes.add(ask(requester, "private.x")); // with an activation
        outcomes.add(ask(outsider, "private.x")); // without one
        outcomes.add(ask(requester, "local.x")); // not exported
        outcomes.add(ask(responder, "local.x")); // inside the exporting account
        assertThat(outcomes).as(url).isEqualTo(expected);
      }
    }
  }

  @Test
  void singletonServicesPassOneResponseStreamServicesAll() throws Exception {
    for (String url : List.of(reference.url(), ours.url())) {
      try (Connection responder = connect(url, SVC.user("responder").creds());
          Connection requester = connect(url, CLIENT.user("requester").creds())) {
        Dispatcher d =
            responder.createDispatcher(
                m -> {
                  for (int i = 0; i < 3; i++) {
                    responder.publish(m.getReplyTo(), bytes("part " + i));
                  }
                });
        d.subscribe("help.>");
        d.subscribe("feed.>");
        responder.flush(Duration.ofSeconds(1));
        assertThat(responses(requester, "help.x")).as(url + ": Singleton").isEqualTo(1);
        assertThat(responses(requester, "feed.x")).as(url + ": Stream").isEqualTo(3);
      }
    }
  }

  @Test
  void responsePermissionsAllowRepliesOnly() throws Exception {
    TestUser limited = SVC.user("limited");
    limited.claims.nats.resp = new ResponsePermission(1, 0); // one response, default ttl
    for (String url : List.of(reference.url(), ours.url())) {
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection responder =
              CredsClient.connect(url, limited.creds(), errors, new CountDownLatch(1));
          Connection requester = connect(url, CLIENT.user("requester").creds())) {
        Dispatcher d =
            responder.createDispatcher(
                m -> {
                  responder.publish(m.getReplyTo(), bytes("first"));
                  responder.publish(m.getReplyTo(), bytes("second")); // over max
                  responder.publish("elsewhere", bytes("not a reply"));
                });
        d.subscribe("feed.>");
        responder.flush(Duration.ofSeconds(1));
        assertThat(responses(requester, "feed.x")).as(url).isEqualTo(1);
        responder.flush(Duration.ofSeconds(1));
        // The reply subject is the service's own _R_.… subject, different on each server.
        assertThat(
                CredsClient.awaitErrors(errors, 2).stream()
                    .map(e -> e.replaceAll("_R_\\.[^\"]+", "_R_")))
            .as(url)
            .containsExactly(
                "Permissions Violation for Publish to \"_R_\"",
                "Permissions Violation for Publish to \"elsewhere\"");
      }
    }
  }

  @Test
  void removingTheExportStopsTheImportAtOnce() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount svc = op.account("svc");
    TestAccount client = op.account("client");
    svc.claims.nats.exports.add(new Export("help", "help.>", ExportType.SERVICE));
    client.claims.nats.imports.add(new Import("help", "help.>", svc.id(), ExportType.SERVICE));
    List<TestAccount> all = List.of(op.system, svc, client);
    try (TestServer node =
            OperatorMode.node(op, dir.resolve("r2"), OperatorMode.preload(dir, "p2", all));
        NatsServerProcess ref = OperatorMode.reference(op, dir, all)) {
      svc.claims.nats.exports.clear();
      String withoutExport = svc.jwt();
      for (String url : List.of(ref.url(), node.url())) {
        try (Connection responder = connect(url, svc.user("r").creds());
            Connection requester = connect(url, client.user("q").creds());
            Connection sys = connect(url, op.system.user("sys").creds())) {
          Dispatcher d =
              responder.createDispatcher(m -> responder.publish(m.getReplyTo(), bytes("ok")));
          d.subscribe("help.>");
          responder.flush(Duration.ofSeconds(1));
          assertThat(ask(requester, "help.x")).as(url).isEqualTo("ok");
          Message reply =
              sys.request(
                  "$SYS.REQ.ACCOUNT." + svc.id() + ".CLAIMS.UPDATE",
                  bytes(withoutExport),
                  Duration.ofSeconds(5));
          assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("jwt updated");
          // nats-server keeps the dead import's interest, so the request times out; our node
          // drops the import and the requester learns at once (docs/protocol/compat.md).
          assertThat(ask(requester, "help.x"))
              .as(url)
              .isEqualTo(url.equals(ref.url()) ? "timeout" : "no responders");
        }
      }
    }
  }

  /** Sends a request on a fresh inbox and counts the responses that arrive within 300 ms. */
  private static int responses(Connection nc, String subject) throws Exception {
    String inbox = nc.createInbox();
    Subscription s = nc.subscribe(inbox);
    nc.publish(subject, inbox, bytes("q"));
    int n = 0;
    while (s.nextMessage(Duration.ofMillis(300)) != null) {
      n++;
    }
    s.unsubscribe();
    return n;
  }

  /** The response's text, {@code "no responders"} or {@code "timeout"}. */
  private static String ask(Connection nc, String subject) throws Exception {
    try {
      Message m = nc.request(subject, bytes("q")).get(2, TimeUnit.SECONDS);
      return new String(m.getData(), StandardCharsets.UTF_8);
    } catch (CancellationException | ExecutionException e) {
      return "no responders";
    } catch (TimeoutException e) {
      return "timeout";
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
