package io.tributary.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;

/**
 * {@code tributary-operator}: runs the operator against the current kubeconfig, or the pod's
 * service account in a cluster (fabric8's auto-configuration), until SIGTERM.
 *
 * <pre>
 * java -cp 'operator/target/tributary-operator-0.1.0-SNAPSHOT.jar:operator/target/lib/*' \
 *     io.tributary.operator.OperatorMain [--namespace NS]… [--status-interval SECONDS] \
 *     [--leader-election [--lease-name NAME] [--lease-namespace NS]]
 * </pre>
 *
 * {@code WATCH_NAMESPACES} (comma-separated) is read when no {@code --namespace} is given; neither:
 * every namespace. With {@code --leader-election} several replicas can run, only the holder of the
 * Lease reconciling; its namespace is {@code --lease-namespace}, else {@code
 * LEADER_ELECTION_NAMESPACE}, else the pod's own (its service account's namespace file).
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  static final int USAGE = 2;
  static final String DEFAULT_LEASE_NAME = "tributary-operator";
  static final Path POD_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  static final String HELP =
      """
      Usage: tributary-operator [--namespace NS]... [--status-interval SECONDS]
                                [--leader-election [--lease-name NAME] [--lease-namespace NS]]
      Runs the TributaryCluster, TributaryAccount and TributaryUser controllers against the current
      kubeconfig or the in-cluster service account.
        --namespace, -n NS       a namespace to watch (repeatable); else WATCH_NAMESPACES=a,b;
                                 neither: every namespace
        --status-interval S      seconds between reads from the control plane (default 30)
        --leader-election        hold a coordination.k8s.io Lease before reconciling, so that
                                 several replicas can run (one reconciles, the others wait)
        --lease-name NAME        the Lease's name (default tributary-operator)
        --lease-namespace NS     the Lease's namespace; else LEADER_ELECTION_NAMESPACE, else the
                                 pod's own namespace
      """;

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    TributaryOperator.Settings settings;
    try {
      settings = settings(args, System.getenv(), POD_NAMESPACE);
    } catch (IllegalArgumentException e) {
      System.err.println("tributary-operator: " + e.getMessage());
      System.exit(USAGE);
      return;
    }
    if (settings == null) {
      System.out.print(HELP);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    LOG.info(
        "API server {}, namespaces {}",
        client.getMasterUrl(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces());
    if (settings.leaderElection() != null) {
      LOG.info(
          "leader election on Lease {}/{}: reconciling once this replica holds it",
          settings.leaderElection().leaseNamespace(),
          settings.leaderElection().leaseName());
    }
    Operator operator = TributaryOperator.create(client, settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    stopped.await();
  }

  /** {@link #settings(String[], Map, Path)} outside a pod, with only {@code WATCH_NAMESPACES}. */
  static TributaryOperator.Settings settings(String[] args, String watchNamespaces) {
    Map<String, String> env = new HashMap<>();
    if (watchNamespaces != null) {
      env.put("WATCH_NAMESPACES", watchNamespaces);
    }
    return settings(args, env, null);
  }

  /**
   * The settings the command line and environment ask for; null for {@code --help}.
   *
   * @param podNamespace the service account's namespace file, read for the Lease's namespace when
   *     neither the flag nor the environment names one (absent outside a pod); null: none
   */
  static TributaryOperator.Settings settings(
      String[] args, Map<String, String> env, Path podNamespace) {
    TributaryOperator.Settings d = TributaryOperator.Settings.defaults();
    Set<String> namespaces = new LinkedHashSet<>();
    Duration interval = d.statusInterval();
    boolean leaderElection = false;
    String leaseName = null;
    String leaseNamespace = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h", "--help" -> {
          return null;
        }
        case "--namespace", "-n" -> namespaces.add(value(args, ++i));
        case "--status-interval" -> {
          String v = value(args, ++i);
          try {
            interval = Duration.ofSeconds(Long.parseLong(v));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--status-interval takes seconds, not " + v);
          }
          if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--status-interval must be at least 1 second");
          }
        }
        case "--leader-election" -> leaderElection = true;
        case "--lease-name" -> leaseName = value(args, ++i);
        case "--lease-namespace" -> leaseNamespace = value(args, ++i);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--help)");
      }
    }
    String watchNamespaces = env.get("WATCH_NAMESPACES");
    if (namespaces.isEmpty() && watchNamespaces != null && !watchNamespaces.isBlank()) {
      Arrays.stream(watchNamespaces.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(namespaces::add);
    }
    TributaryOperator.Settings settings =
        new TributaryOperator.Settings(
            Set.copyOf(namespaces), interval, d.retryInitial(), d.retryMax());
    if (!leaderElection) {
      if (leaseName != null || leaseNamespace != null) {
        throw new IllegalArgumentException(
            "--lease-name and --lease-namespace need --leader-election");
      }
      return settings;
    }
    if (leaseNamespace == null) {
      leaseNamespace = blankToNull(env.get("LEADER_ELECTION_NAMESPACE"));
    }
    if (leaseNamespace == null && podNamespace != null && Files.isReadable(podNamespace)) {
      try {
        leaseNamespace = blankToNull(Files.readString(podNamespace));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (leaseNamespace == null) {
      throw new IllegalArgumentException(
          "--leader-election needs the Lease's namespace: --lease-namespace NS or"
              + " LEADER_ELECTION_NAMESPACE (in a pod: its own namespace)");
    }
    // the identity: JOSDK's default, HOSTNAME (the pod's name) or else a random UUID
    return settings.withLeaderElection(
        new TributaryOperator.LeaderElection(
            leaseName == null ? DEFAULT_LEASE_NAME : leaseName,
            leaseNamespace.strip(),
            null,
            true));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
