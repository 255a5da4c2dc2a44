package io.tributary.bench.load;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.tributary.bench.store.StoreBench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary bench pubsub|fanout|reqrep|conns|slow|compare|tenants|control}: load runs with
 * jnats, and of the control plane's REST API.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load runs with jnats against any NATS server (--url), or 'compare' and 'tenants' (operator mode):",
      "nats-server and our node side by side; 'control' loads the control plane's REST API;",
      "'store' measures the stream store in-process on this disk.",
      "Every run is bounded and stops by itself."
    })
public final class BenchCli implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "pubsub, fanout, reqrep, conns, slow, compare, tenants, control or store")
  String run;

  @Option(
      names = "--url",
      description = "server to load (default ${DEFAULT-VALUE})",
      defaultValue = "nats://127.0.0.1:4222")
  String url;

  @Option(
      names = "--msgs",
      description = "messages per pub/sub run (default ${DEFAULT-VALUE})",
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
      description = "appends in flight for 'store' (default ${DEFAULT-VALUE})",
      defaultValue = "2000")
  int window;

  @Option(
      names = "--dir",
      description = "where 'store' writes (a real disk; default ${DEFAULT-VALUE})",
      defaultValue = "data/bench")
  Path dir;

  @Option(
      names = "--repo",
      description = "repository root, for 'compare' to start our node",
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
          case "control" -> {
            ControlPlaneLoad.main(repo, accounts, users, creds, reads, threads);
            yield null;
          }
          case "store" -> {
            StoreBench.main(dir, msgs, size, window);
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
