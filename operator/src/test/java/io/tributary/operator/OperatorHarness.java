package io.tributary.operator;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.tributary.operator.cluster.DesiredResources;
import io.tributary.operator.crd.TributaryAccountStatus;
import io.tributary.operator.crd.TributaryClusterStatus;
import io.tributary.operator.crd.TributaryUserStatus;

/**
 * What the operator's ITs start for the class: the packaged control plane as a process ({@link
 * ControlPlaneApi}), the CRDs on fabric8's mock API server, and the operator against it (status
 * read every 2 s, retries from 200 ms to 2 s); and how the tests read and change the resources of
 * their namespace.
 */
final class OperatorHarness implements AutoCloseable {
  private static final TributaryOperator.Settings SETTINGS =
      new TributaryOperator.Settings(
          Set.of(), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2));

  private final KubernetesClient client;
  private final String namespace;
  private final ControlPlaneApi api;
  private final Operator operator;

  private OperatorHarness(
      KubernetesClient client, String namespace, ControlPlaneApi api, Operator operator) {
    this.client = client;
    this.namespace = namespace;
    this.api = api;
    this.operator = operator;
  }

  /** Starts the control plane, creates the CRDs and starts the operator. */
  static OperatorHarness start(KubernetesClient client, String namespace) throws Exception {
    ControlPlaneApi api = ControlPlaneApi.start();
    try {
      for (var kind : CrdTest.KINDS) {
        client.resource(CrdTest.crd(kind)).create();
      }
      Operator operator = TributaryOperator.create(client, SETTINGS);
      operator.start();
      return new OperatorHarness(client, namespace, api, operator);
    } catch (Exception | Error e) {
      api.close();
      throw e;
    }
  }

  ControlPlaneApi api() {
    return api;
  }

  /** A Secret with a control-plane API token, made or replaced. */
  void secret(String name, String token) {
    client.resource(ControlPlaneApi.tokenSecret(namespace, name, token)).createOr(r -> r.update());
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  /**
   * Changes a resource as a user would: read, change, write; read again and retry when the
   * operator's status write came in between (409 Conflict), as kubectl edit would have the user do.
   */
  <T extends HasMetadata> void edit(Class<T> type, String name, Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(type)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                r -> {
                  change.accept(r);
                  return r;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** The resource when it has the condition with the status, else null. */
  <T extends CustomResource<?, ?>> T withCondition(
      Class<T> type, String name, String condition, String status) {
    T r = get(type, name);
    return r != null
            && conditions(r).stream()
                .anyMatch(c -> c.getType().equals(condition) && c.getStatus().equals(status))
        ? r
        : null;
  }

  static Condition condition(CustomResource<?, ?> r, String type) {
    return conditions(r).stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  static List<Condition> conditions(CustomResource<?, ?> r) {
    List<Condition> conditions =
        switch (r.getStatus()) {
          case TributaryClusterStatus s -> s.conditions;
          case TributaryAccountStatus s -> s.conditions;
          case TributaryUserStatus s -> s.conditions;
          case null, default -> null;
        };
    return conditions == null ? List.of() : conditions;
  }

  /** The config checksum on the StatefulSet's pod template. */
  static String checksum(StatefulSet sts) {
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(DesiredResources.CONFIG_CHECKSUM);
  }

  /** Stops the operator, then the control plane. */
  @Override
  public void close() throws Exception {
    try {
      operator.stop();
    } finally {
      api.close();
    }
  }
}
