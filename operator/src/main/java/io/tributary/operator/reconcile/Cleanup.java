package io.tributary.operator.reconcile;

import org.slf4j.Logger;

import io.tributary.operator.controlplane.ControlPlaneException;

/**
 * The control plane's side of a deletion (an account's, a user's): when it cannot be done, the
 * finalizer stays and the deletion is retried with backoff if the resource made something there; if
 * it never did, that is logged and the finalizer removed.
 */
public final class Cleanup {
  /** Deletes what the resource made in the control plane. */
  @FunctionalInterface
  public interface Step {
    void run() throws ControlPlaneException, TroubleException, InvalidSpecException;
  }

  private Cleanup() {}

  /**
   * @param id the resource, as the log names it
   * @param made true when the resource made something in the control plane
   */
  public static void inControlPlane(Logger log, String id, boolean made, Step step)
      throws ControlPlaneException, TroubleException, InvalidSpecException {
    try {
      step.run();
    } catch (ControlPlaneException | TroubleException | InvalidSpecException e) {
      if (made) {
        throw e; // retried with backoff: the finalizer stays until it is deleted
      }
      log.warn(
          "{}: never made, and the control plane cannot be asked ({}): finalizer removed",
          id,
          e.getMessage());
    }
  }
}
