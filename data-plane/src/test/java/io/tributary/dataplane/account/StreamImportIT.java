package io.tributary.dataplane.account;

import static io.tributary.auth.testing.CredsClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.testing.OperatorMode;
import io.tributary.dataplane.testing.TestServer;

/**
 * Stream exports and imports between accounts, on our node and on nats-server with the same JWTs.
 */
class StreamImportIT {
  @TempDir static Path dir;
  private static final TestOperator OP = new TestOperator();
  private static final TestAccount EXPORTER = OP.account("exporter");
  private static final TestAccount IMPORTER = OP.account("importer");
  private static final TestAccount OUTSIDER = OP.account("outsider");
  private static TestServer ours;
  private static NatsServerProcess reference;

  @BeforeAll
  static void start() throws Exception {
    EXPORTER.claims.nats.exports.add(new Export("prices", "prices.>", ExportType.STREAM));
    Export priv = new Export("private", "private.>", ExportType.STREAM);
    priv.tokenRequired = true;
    EXPORTER.claims.nats.exports.add(priv);
    IMPORTER.claims.nats.imports.add(
        new Import("prices", "prices.>", EXPORTER.id(), ExportType.STREAM));
    Import withToken = new Import("private", "private.>", EXPORTER.id(), ExportType.STREAM);
    withToken.token =
        JwtCodec.encode(
            ActivationClaims.create(IMPORTER.id(), "private.>", ExportType.STREAM), EXPORTER.key);
    IMPORTER.claims.nats.imports.add(withToken);
    OUTSIDER.claims.nats.imports.add(
        new Import("private", "private.>", EXPORTER.id(), ExportType.STREAM));
    Import prefixed = new Import("prices", "prices.>", EXPORTER.id(), ExportType.STREAM);
    prefixed.to = "ext"; // deprecated: a prefix for streams
    OUTSIDER.claims.nats.imports.add(prefixed);
    List<TestAccount> all = List.of(OP.system, EXPORTER, IMPORTER, OUTSIDER);
    Path preload = OperatorMode.preload(dir, "preload", all);
    ours = OperatorMode.node(OP, dir.resolve("r"), preload);
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
  void exportedStreamsReachImportersOnly() throws Exception {
    for (String url : List.of(reference.url(), ours.url())) {
      try (Connection pub = connect(url, EXPORTER.user("p").creds());
          Connection imp = connect(url, IMPORTER.user("i").creds());
          Connection out = connect(url, OUTSIDER.user("o").creds())) {
        Subscription prices = imp.subscribe("prices.>");
        Subscription priv = imp.subscribe("private.>");
        Subscription outsider = out.subscribe("private.>");
        Subscription outsiderPrices = out.subscribe("ext.prices.>");
        imp.flush(Duration.ofSeconds(1));
        out.flush(Duration.ofSeconds(1));
        pub.publish("prices.eur", "1.08".getBytes(StandardCharsets.UTF_8));
        pub.publish("private.x", "secret".getBytes(StandardCharsets.UTF_8));
        pub.publish("unexported", "no".getBytes(StandardCharsets.UTF_8));
        pub.flush(Duration.ofSeconds(1));
        Message m = prices.nextMessage(Duration.ofSeconds(2));
        assertThat(m).as(url).isNotNull();
        assertThat(m.getSubject()).isEqualTo("prices.eur");
        assertThat(priv.nextMessage(Duration.ofSeconds(2)))
            .as(url + ": with activation")
            .isNotNull();
        assertThat(outsider.nextMessage(Duration.ofMillis(300)))
            .as(url + ": outsider has no activation")
            .isNull();
        assertThat(outsiderPrices.nextMessage(Duration.ofSeconds(2)).getSubject())
            .as(url + ": 'to' is a prefix")
            .isEqualTo("ext.prices.eur");
        assertThat(prices.nextMessage(Duration.ofMillis(200)))
            .as(url + ": only exported subjects")
            .isNull();
      }
    }
  }

  @Test
  void revokingTheActivationStopsTheFlow() throws Exception {
    TestOperator op = new TestOperator();
    TestAccount exporter = op.account("e");
    TestAccount importer = op.account("i");
    Export priv = new Export("feed", "feed.>", ExportType.STREAM);
    priv.tokenRequired = true;
    exporter.claims.nats.exports.add(priv);
    Import imp = new Import("feed", "feed.>", exporter.id(), ExportType.STREAM);
    imp.localSubject = "theirs.feed.>";
    long issued = Instant.now().getEpochSecond() - 10;
    imp.token =
        JwtCodec.encode(
            ActivationClaims.create(importer.id(), "feed.>", ExportType.STREAM),
            exporter.key,
            issued);
    importer.claims.nats.imports.add(imp);
    Path preload = OperatorMode.preload(dir, "preload2", List.of(op.system, exporter, importer));
    try (TestServer node = OperatorMode.node(op, dir.resolve("r2"), preload);
        Connection pub = connect(node.url(), exporter.user("p").creds());
        Connection sub = connect(node.url(), importer.user("s").creds());
        Connection sys = connect(node.url(), op.system.user("sys").creds())) {
      Subscription s = sub.subscribe("theirs.feed.>");
      sub.flush(Duration.ofSeconds(1));
      pub.publish("feed.a", new byte[] {1});
      Message m = s.nextMessage(Duration.ofSeconds(2));
      assertThat(m.getSubject()).isEqualTo("theirs.feed.a");
      exporter.claims.nats.exports.get(0).revocations.revoke(importer.id(), issued);
      Message reply =
          sys.request("$SYS.REQ.CLAIMS.UPDATE", exporter.jwt().getBytes(), Duration.ofSeconds(5));
      assertThat(new String(reply.getData())).contains("jwt updated");
      pub.publish("feed.b", new byte[] {2});
      pub.flush(Duration.ofSeconds(1));
      assertThat(s.nextMessage(Duration.ofMillis(500))).as("revoked activation").isNull();
    }
  }
}
