package io.tributary.operator.reconcile;

import java.util.function.Function;

import org.slf4j.Logger;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * What every reconciler does when a reconcile cannot go through: the trouble logged (on the
 * reconciler's own logger, the resource named by {@code id}), the status the reconciler makes of it
 * written, and a retry with backoff unless only a new spec can help ({@code InvalidSpec}).
 */
public final class ErrorStatus {
  private ErrorStatus() {}

  /**
   * The start of a reconcile whose spec failed the operator's checks: logged, the status written,
   * no retry (a new spec is reconciled anyway).
   *
   * @param status the resource's status with this trouble
   */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> invalidSpec(
      Logger log,
      String id,
      KubernetesClient client,
      R resource,
      InvalidSpecException e,
      Function<Trouble, S> status) {
    log.warn("{}: {}", id, e.getMessage());
    StatusWriter.write(client, resource, status.apply(Trouble.invalidSpec(e)));
    return UpdateControl.noUpdate();
  }

  /**
   * A failed reconcile ({@code updateErrorStatus}): logged with the attempt, the status written (a
   * failure to write it only logged), retried with backoff unless {@code InvalidSpec}.
   *
   * @param status the resource's status with this trouble
   */
  public static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> update(
      Logger log,
      String id,
      R resource,
      Context<R> context,
      Exception e,
      Function<Trouble, S> status) {
    Trouble trouble = Trouble.of(e);
    log.warn(
        "{}: {} (attempt {}{})",
        id,
        trouble.message(),
        context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(1),
        trouble.isInvalidSpec() ? ", not retried" : ", retried with backoff");
    try {
      StatusWriter.write(context.getClient(), resource, status.apply(trouble));
    } catch (KubernetesClientException failed) {
      log.warn("{}: status not written: {}", id, failed.getMessage());
    }
    ErrorStatusUpdateControl<R> control = ErrorStatusUpdateControl.noStatusUpdate();
    return trouble.isInvalidSpec() ? control.withNoRetry() : control;
  }
}
