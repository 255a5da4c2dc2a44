package io.tributary.operator.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** The labels and owner reference of every object the operator makes for a resource. */
public final class Labels {
  public static final String MANAGED_BY = "tributary-operator";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT = "app.kubernetes.io/component";

  private Labels() {}

  /** {@code name: tributary} and {@code instance: <owner>}: what selects the owner's objects. */
  public static Map<String, String> selector(HasMetadata owner) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(NAME, "tributary");
    m.put(INSTANCE, owner.getMetadata().getName());
    return m;
  }

  /** The selector's labels, the component and {@code managed-by}. */
  public static Map<String, String> of(HasMetadata owner, String component) {
    Map<String, String> m = selector(owner);
    m.put(LABEL_MANAGED_BY, MANAGED_BY);
    if (component != null) {
      m.put(COMPONENT, component);
    }
    return m;
  }

  /** The owner reference that makes Kubernetes delete an object with its owner. */
  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
