package io.tributary.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.tributary.operator.account.TributaryAccountReconciler;
import io.tributary.operator.cluster.TributaryClusterReconciler;
import io.tributary.operator.user.TributaryUserReconciler;

/**
 * The operator: java-operator-sdk's {@link Operator} on a fabric8 client, with the {@code
 * TributaryCluster}, {@code TributaryAccount} and {@code TributaryUser} controllers registered,
 * each on the same namespaces and retry. Server-side apply is off (the operator writes with create,
 * update and merge patches), which also lets it run against fabric8's mock API server.
 */
public final class TributaryOperator {
  /**
   * @param namespaces the namespaces to watch; empty: all
   * @param statusInterval how often a resource is read again from the control plane without an
   *     event (a cluster's nodes, an account's drift and push state, a user's creds)
   * @param retryInitial the first retry's delay after a failure; doubled each time up to {@code
   *     retryMax}, without a limit on attempts
   */
  public record Settings(
      Set<String> namespaces, Duration statusInterval, Duration retryInitial, Duration retryMax) {
    public static Settings defaults() {
      return new Settings(
          Set.of(), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(5));
    }
  }

  private TributaryOperator() {}

  /** An operator, not started, on {@code client} (which the caller closes). */
  public static Operator create(KubernetesClient client, Settings settings) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false));
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
