package io.tributary.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Create-or-update without server-side apply: an object is written only when what the operator
 * wants of it changed, known by the hash of the desired object kept in an annotation (a real API
 * server fills in defaults, so comparing the stored object with the desired one would always
 * differ). An update keeps what others added to the metadata (labels, annotations, finalizers) and
 * what Kubernetes does not let change ({@code keep}).
 */
public final class Apply {
  /** The hash of the desired object last written. */
  public static final String DESIRED_HASH = "tributary.io/desired-hash";

  private Apply() {}

  /** {@link #apply(KubernetesClient, HasMetadata, BiConsumer)} keeping nothing more. */
  public static <T extends HasMetadata> T apply(KubernetesClient client, T desired) {
    return apply(client, desired, (existing, wanted) -> {});
  }

  /**
   * Creates {@code desired}, or updates the object of its name when its desired hash differs.
   * Returns the object as stored.
   *
   * @param keep copies from the stored object into the desired one what must not change
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T apply(
      KubernetesClient client, T desired, BiConsumer<T, T> keep) {
    String hash = sha256(Serialization.asJson(desired));
    ObjectMeta meta = desired.getMetadata();
    Map<String, String> annotations =
        new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(DESIRED_HASH, hash);
    meta.setAnnotations(annotations);
    Class<T> type = (Class<T>) desired.getClass();
    T existing =
        client.resources(type).inNamespace(meta.getNamespace()).withName(meta.getName()).get();
    if (existing == null) {
      return client.resource(desired).create();
    }
    ObjectMeta stored = existing.getMetadata();
    if (stored.getAnnotations() != null && hash.equals(stored.getAnnotations().get(DESIRED_HASH))) {
      return existing;
    }
    keep.accept(existing, desired);
    meta.setLabels(merged(stored.getLabels(), meta.getLabels()));
    meta.setAnnotations(merged(stored.getAnnotations(), meta.getAnnotations()));
    meta.setFinalizers(stored.getFinalizers());
    meta.setResourceVersion(stored.getResourceVersion());
    return client.resource(desired).update();
  }

  /** The hex SHA-256 of {@code s} in UTF-8. */
  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> merged(Map<String, String> stored, Map<String, String> ours) {
    Map<String, String> m = new LinkedHashMap<>(stored == null ? Map.of() : stored);
    if (ours != null) {
      m.putAll(ours);
    }
    return m;
  }
}
