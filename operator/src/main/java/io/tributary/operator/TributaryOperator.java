package io.tributary.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.tributary.operator.account.TributaryAccountReconciler;
import io.tributary.operator.cluster.TributaryClusterReconciler;
import io.tributary.operator.user.TributaryUserReconciler;

/**
 * The operator: java-operator-sdk's {@link Operator} on a fabric8 client, with the {@code
 * TributaryCluster}, {@code TributaryAccount} and {@code TributaryUser} controllers registered,
 * each on the same namespaces and retry. Server-side apply is off (the operator writes with create,
 * update and merge patches), which also lets it run against fabric8's mock API server. With {@link
 * LeaderElection} several replicas can run: java-operator-sdk's leader election on a {@code
 * coordination.k8s.io} Lease, only the holder reconciling (the others keep their informers warm).
 */
public final class TributaryOperator {
  /**
   * @param namespaces the namespaces to watch; empty: all
   * @param statusInterval how often a resource is read again from the control plane without an
   *     event (a cluster's nodes, an account's drift and push state, a user's creds)
   * @param retryInitial the first retry's delay after a failure; doubled each time up to {@code
   *     retryMax}, without a limit on attempts
   * @param leaderElection the Lease to hold before reconciling; null: none (one replica only)
   */
  public record Settings(
      Set<String> namespaces,
      Duration statusInterval,
      Duration retryInitial,
      Duration retryMax,
      LeaderElection leaderElection) {
    public Settings(
        Set<String> namespaces, Duration statusInterval, Duration retryInitial, Duration retryMax) {
      this(namespaces, statusInterval, retryInitial, retryMax, null);
    }

    public static Settings defaults() {
      return new Settings(
          Set.of(), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(5));
    }

    public Settings withLeaderElection(LeaderElection leaderElection) {
      return new Settings(namespaces, statusInterval, retryInitial, retryMax, leaderElection);
    }
  }

  /**
   * Leader election on the Lease {@code leaseNamespace/leaseName} (java-operator-sdk's, with its
   * timings: a 15 s lease, renewed every 2 s, given up after 10 s without renewal). The Lease is
   * not released on stop: a standby takes over once it expires.
   *
   * @param identity the Lease's {@code holderIdentity} for this replica; null: {@code HOSTNAME}
   *     (the pod's name), else a random UUID
   * @param exitOnLoss exit the JVM when the lease is lost (java-operator-sdk does not stop its
   *     controllers then, so a replica that went on would reconcile alongside the new leader): true
   *     but in tests, where stopping the leader must not end the test's JVM
   */
  public record LeaderElection(
      String leaseName, String leaseNamespace, String identity, boolean exitOnLoss) {
    /**
     * What leader election does with {@code coordination.k8s.io} leases in the Lease's namespace:
     * java-operator-sdk checks that it may get, create and update them (a SelfSubjectRulesReview,
     * which every authenticated user may make) before it starts; fabric8's {@code LeaseLock} reads
     * the Lease (get), makes it (create), and renews or takes it over with a PATCH (patch). {@code
     * LeaderElectionIT} checks both against these; {@code RbacTest} (deploy/) that the Helm chart
     * grants exactly these.
     */
    public static final List<String> LEASE_VERBS = List.of("get", "create", "update", "patch");

    public LeaderElection {
      if (leaseName == null || leaseName.isBlank()) {
        throw new IllegalArgumentException("a lease needs a name");
      }
      if (leaseNamespace == null || leaseNamespace.isBlank()) {
        throw new IllegalArgumentException("a lease needs a namespace");
      }
    }

    LeaderElectionConfiguration configuration() {
      return new LeaderElectionConfiguration(
          leaseName,
          leaseNamespace,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
          identity,
          null,
          exitOnLoss);
    }
  }

  private TributaryOperator() {}

  /** An operator, not started, on {@code client} (which the caller closes). */
  public static Operator create(KubernetesClient client, Settings settings) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false);
              if (settings.leaderElection() != null) {
                o.withLeaderElectionConfiguration(settings.leaderElection().configuration());
              }
            });
    GenericRetry retry =
        new GenericRetry()
            .setInitialInterval(settings.retryInitial().toMillis())
            .setIntervalMultiplier(2)
            .setMaxInterval(settings.retryMax().toMillis())
            .withoutMaxAttempts();
    Clock clock = Clock.systemUTC();
    register(
        operator,
        new TributaryClusterReconciler(settings.statusInterval(), clock),
        settings,
        retry);
    register(
        operator,
        new TributaryAccountReconciler(settings.statusInterval(), clock),
        settings,
        retry);
    register(
        operator, new TributaryUserReconciler(settings.statusInterval(), clock), settings, retry);
    return operator;
  }

  private static <R extends HasMetadata> void register(
      Operator operator, Reconciler<R> reconciler, Settings settings, GenericRetry retry) {
    operator.register(
        reconciler,
        (ControllerConfigurationOverrider<R> c) -> {
          c.withRetry(retry);
          if (!settings.namespaces().isEmpty()) {
            c.settingNamespaces(settings.namespaces());
          }
        });
  }
}
