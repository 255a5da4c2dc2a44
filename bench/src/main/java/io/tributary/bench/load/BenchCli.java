package io.tributary.bench.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.tributary.bench.js.JsBench;
import io.tributary.bench.store.StoreBench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench pubsub|fanout|reqrep|conns|slow|compare|cluster|tenants|control|store|js}:
 * load runs with jnats, of the control plane's REST API, and of the stream store.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load runs with jnats against any NATS server (--url), or 'compare' and 'tenants' (operator mode):",
      "nats-server and our node side by side; 'control' loads the control plane's REST API;",
      "'store' measures the stream store in-process on this disk; 'js' JetStream publishing",
      "on nats-server and our node side by side; 'subs' one tenant flooding the node with",
      "subscriptions while another tenant's requests go on, side by side; 'start' how soon each",
      "server started by a harness serves its first client; 'cluster' a 3-node nats-server",
      "cluster and a 3-node cluster of our nodes side by side.",
      "Every run is bounded and stops by itself."
    })
public final class BenchCli implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description =
          "pubsub, fanout, reqrep, conns, slow, compare, cluster, tenants, control, store, js, subs"
              + " or start")
  String run;

  @Option(
      names = "--url",
      description = "server to load (default ${DEFAULT-VALUE})",
      defaultValue = "nats://127.0.0.1:4222")
  String url;

  @Option(
      names = "--msgs",
      description =
          "messages per pub/sub run (default ${DEFAULT-VALUE}); for 'js' per async case"
              + " (default 200000; the sync cases publish a tenth)",
      defaultValue = "2000000")
  long msgs;

  @Option(
      names = "--size",
      description = "payload bytes (default ${DEFAULT-VALUE})",
      defaultValue = "128")
  int size;

  @Option(
      names = "--requests",
      description = "requests per req/rep run (default ${DEFAULT-VALUE})",
      defaultValue = "20000")
  int requests;

  @Option(
      names = "--conns",
      description = "connections per conns run (default ${DEFAULT-VALUE})",
      defaultValue = "2000")
  int conns;

  @Option(
      names = "--slow-mb",
      description = "MB published at a stalled subscriber (default ${DEFAULT-VALUE})",
      defaultValue = "2048")
  long slowMb;

  @Option(
      names = "--accounts",
      description = "tenant accounts for 'tenants' (default ${DEFAULT-VALUE})",
      defaultValue = "1000")
  int accounts;

  @Option(
      names = "--users",
      description = "users per account for 'tenants' (default ${DEFAULT-VALUE})",
      defaultValue = "5")
  int users;

  @Option(
      names = "--creds",
      description = "creds files issued in 'control' (default ${DEFAULT-VALUE})",
      defaultValue = "5000")
  int creds;

  @Option(
      names = "--reads",
      description = "requests per read run in 'control' (default ${DEFAULT-VALUE})",
      defaultValue = "10000")
  int reads;

  @Option(
      names = "--threads",
      description = "concurrent API clients in 'control' (default ${DEFAULT-VALUE})",
      defaultValue = "8")
  int threads;

  @Option(
      names = "--window",
      description =
          "appends in flight for 'store', unacknowledged publishes per publisher for 'js'"
              + " (default ${DEFAULT-VALUE})",
      defaultValue = "2000")
  int window;

  @Option(
      names = "--dir",
      description =
          "where 'store' writes and 'js' puts the servers' stores (a real disk; default"
              + " ${DEFAULT-VALUE})",
      defaultValue = "data/bench")
  Path dir;

  @Option(
      names = "--rounds",
      description =
          "'js' and 'cluster': runs per case and server, alternating (default ${DEFAULT-VALUE});"
              + " 'start': starts of each server (default 10)",
      defaultValue = "3")
  int rounds;

  @Option(
      names = "--only",
      paramLabel = "ours|theirs|kafka",
      description =
          "'js': run only our node or only nats-server (with --kafka: and Kafka), or 'kafka':"
              + " Kafka alone")
  String only;

  @Option(
      names = "--kafka",
      description =
          "'js': also start a Kafka broker from Maven Central jars (KRaft, one node,"
              + " flush.messages=1) and run the async and sync publish cases on it with acks=all,"
              + " as a column after the ratio")
  boolean kafka;

  @Option(
      names = "--kafka-batch-size",
      description =
          "'js --kafka': the producers' batch.size in bytes (default ${DEFAULT-VALUE}, Kafka's)",
      defaultValue = "16384")
  int kafkaBatchSize;

  @Option(
      names = "--warmup",
      description =
          "'js': seconds of unrecorded publishing per server before the first case, so that a JVM"
              + " server is measured compiled (default ${DEFAULT-VALUE})",
      defaultValue = "15")
  int warmupSeconds;

  @Option(
      names = "--client",
      description =
          "'js': who publishes in the publish cases: 'jnats' (default) or 'raw', the bench's own"
              + " NATS-protocol publisher (the same frames at a fraction of jnats's CPU)",
      defaultValue = "jnats")
  String client;

  @Option(
      names = "--cases",
      description =
          "'js': async1, async4, sync1, sync16, disk, memory, recovery, consume, ordered,"
              + " filters, redelivery, kv, kvwatch, objects, or async, sync, consumers, all"
              + " (comma-separated; default ${DEFAULT-VALUE})",
      defaultValue = "all")
  String cases;

  @Option(
      names = "--strace",
      description = "'js': count each server's fsync/fdatasync calls in one async run (strace)")
  boolean strace;

  @Option(
      names = "--recovery-msgs",
      description =
          "'js': messages in the stream when the server is killed (default ${DEFAULT-VALUE})",
      defaultValue = "1000000")
  long recoveryMsgs;

  @Option(
      names = "--consume-msgs",
      description =
          "'js': messages in the stream for the consumer cases (default ${DEFAULT-VALUE})",
      defaultValue = "1000000")
  long consumeMsgs;

  @Option(
      names = "--object-mb",
      description = "'js': size of the Object Store case's object in MB (default ${DEFAULT-VALUE})",
      defaultValue = "100")
  int objectMb;

  @Option(
      names = "--streams",
      description = "'js': streams in the many-streams case (default ${DEFAULT-VALUE})",
      defaultValue = "1000")
  int streams;

  @Option(
      names = "--subs",
      description = "'subs': subscriptions the flooding tenant sends (default ${DEFAULT-VALUE})",
      defaultValue = "1000000")
  int subs;

  @Option(
      names = "--node-args",
      description =
          "'js' and 'subs': more flags for our node, e.g. \"--store-encryption none\" or \"--sync 1s\"",
      defaultValue = "")
  String nodeArgs;

  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      description =
          "repository root, for 'compare', 'cluster', 'tenants' and 'js' to start our node",
      defaultValue = ".")
  Path repo;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new BenchCli());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr()
              .println(
                  "tributary bench: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LoadResult r =
        switch (run) {
          case "pubsub" -> LoadRuns.fanout(url, 1, msgs, size);
          case "fanout" -> LoadRuns.fanout(url, 4, msgs / 4, size);
          case "reqrep" -> LoadRuns.reqrep(url, requests, size);
          case "conns" -> LoadRuns.conns(url, conns, 8);
          case "slow" -> LoadRuns.slowConsumer(url, slowMb << 20);
          case "compare" -> {
            SideBySide.main(repo, msgs, size, requests, conns, slowMb << 20);
            yield null;
          }
          case "cluster" -> {
            ClusterBench.main(repo, msgs, size, requests, rounds);
            yield null;
          }
          case "control" -> {
            ControlPlaneLoad.main(repo, accounts, users, creds, reads, threads);
            yield null;
          }
          case "store" -> {
            StoreBench.main(dir, msgs, size, window);
            yield null;
          }
          case "js" -> {
            long asyncMsgs =
                spec.commandLine().getParseResult().hasMatchedOption("--msgs") ? msgs : 200_000;
            JsBench.main(
                repo,
                new JsBench.Settings(
                    asyncMsgs,
                    Math.max(1, asyncMsgs / 10),
                    size,
                    window,
                    rounds,
                    only,
                    cases,
                    strace,
                    recoveryMsgs,
                    consumeMsgs,
                    objectMb,
                    streams,
                    nodeArgs.isBlank() ? List.of() : List.of(nodeArgs.strip().split("\\s+")),
                    dir,
                    kafka || "kafka".equals(only),
                    kafkaBatchSize,
                    warmupSeconds,
                    client));
            yield null;
          }
          case "start" -> {
            StartTime.main(
                repo,
                spec.commandLine().getParseResult().hasMatchedOption("--rounds") ? rounds : 10);
            yield null;
          }
          case "subs" -> {
            SubscriptionFlood.main(
                repo,
                subs,
                nodeArgs.isBlank() ? List.of() : List.of(nodeArgs.strip().split("\\s+")));
            yield null;
          }
          case "tenants" -> {
            MultiTenant.main(repo, accounts, users, msgs, size);
            yield null;
          }
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "unknown run '" + run + "'");
        };
    if (r != null) {
      System.out.printf(
          Locale.ROOT,
          "%s: %,.0f/s  p50 %.0f µs  p99 %.0f µs  (%s)%n",
          r.scenario(),
          r.msgsPerSecond(),
          r.p50Micros(),
          r.p99Micros(),
          r.note());
    }
    return 0;
  }
}
