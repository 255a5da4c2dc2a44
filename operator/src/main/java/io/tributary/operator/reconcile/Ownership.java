package io.tributary.operator.reconcile;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The tag that marks an account or user in the control plane as made by a resource: one of another
 * owner (the console, the CLI, another resource) is neither taken over nor deleted.
 */
public final class Ownership {
  private Ownership() {}

  /** {@code tributary-operator:<namespace>/<name>}. */
  public static String tag(HasMetadata resource) {
    return Labels.MANAGED_BY
        + ":"
        + resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName();
  }

  public static boolean owns(HasMetadata resource, List<String> tags) {
    return tags != null && tags.contains(tag(resource));
  }
}
