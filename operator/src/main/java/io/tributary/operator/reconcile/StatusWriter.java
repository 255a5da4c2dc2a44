package io.tributary.operator.reconcile;

import java.util.Objects;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes a resource's status when it changed: the whole status subresource replaced (PUT, with the
 * resource version just read), so that it applies whatever the cached copy the reconcile started
 * from. (A JSON patch computed from a stale copy fails; the mock API server merges lists in a merge
 * patch instead of replacing them.) A conflict is retried by the controller.
 */
public final class StatusWriter {
  private StatusWriter() {}

  @SuppressWarnings("unchecked")
  public static <S, R extends CustomResource<?, S>> void write(
      KubernetesClient client, R resource, S status) {
    if (same(status, resource.getStatus())) {
      return;
    }
    R latest =
        client
            .resources((Class<R>) resource.getClass())
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName())
            .get();
    if (latest == null) {
      return; // deleted meanwhile
    }
    latest.setStatus(status);
    client.resource(latest).updateStatus();
    resource.setStatus(status);
  }

  /** True when two statuses say the same (transition times included). */
  public static boolean same(Object a, Object b) {
    return Objects.equals(Serialization.asJson(a), Serialization.asJson(b));
  }
}
