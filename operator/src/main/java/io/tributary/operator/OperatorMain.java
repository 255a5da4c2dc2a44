package io.tributary.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
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
 *     io.tributary.operator.OperatorMain [--namespace NS]… [--status-interval SECONDS]
 * </pre>
 *
 * {@code WATCH_NAMESPACES} (comma-separated) is read when no {@code --namespace} is given; neither:
 * every namespace.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  static final int USAGE = 2;

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    TributaryOperator.Settings settings;
    try {
      settings = settings(args, System.getenv("WATCH_NAMESPACES"));
    } catch (IllegalArgumentException e) {
      System.err.println("tributary-operator: " + e.getMessage());
      System.exit(USAGE);
      return;
    }
    if (settings == null) {
      System.out.println(
          "Usage: tributary-operator [--namespace NS]... [--status-interval SECONDS]\n"
              + "Runs the TributaryCluster, TributaryAccount and TributaryUser controllers against"
              + " the current kubeconfig or the"
              + " in-cluster service account. WATCH_NAMESPACES=a,b is read when no --namespace is"
              + " given; neither: every namespace.");
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    LOG.info(
        "API server {}, namespaces {}",
        client.getMasterUrl(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces());
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

  /** The settings the command line and environment ask for; null for {@code --help}. */
  static TributaryOperator.Settings settings(String[] args, String watchNamespaces) {
    TributaryOperator.Settings d = TributaryOperator.Settings.defaults();
    Set<String> namespaces = new LinkedHashSet<>();
    Duration interval = d.statusInterval();
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
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--help)");
      }
    }
    if (namespaces.isEmpty() && watchNamespaces != null && !watchNamespaces.isBlank()) {
      Arrays.stream(watchNamespaces.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(namespaces::add);
    }
    return new TributaryOperator.Settings(
        Set.copyOf(namespaces), interval, d.retryInitial(), d.retryMax());
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
