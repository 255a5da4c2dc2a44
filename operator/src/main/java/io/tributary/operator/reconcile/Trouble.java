package io.tributary.operator.reconcile;

import java.util.Locale;
import java.util.Set;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.Problem;

/**
 * What keeps a resource from being as asked: the Degraded condition's reason (CamelCase, as
 * Kubernetes conditions want) and message, and the control plane's problem when it was one.
 */
public record Trouble(String reason, String message, Problem problem) {
  public static final String INVALID_SPEC = "InvalidSpec";

  /**
   * 422 codes that name something another resource may make later (a cluster registered, an
   * exporter created): retried, unlike the other refusals of a request's content.
   */
  private static final Set<String> WAITING_FOR_OTHERS =
      Set.of("unknown-cluster", "unknown-exporter", "import-not-authorized");

  /** A refusal or failure of the control plane: reason {@code ControlPlane<Code>}. */
  public static Trouble of(ControlPlaneException e) {
    Problem p = new Problem();
    p.status = e.status();
    p.code = e.code();
    p.detail = e.detail();
    String message = "control plane: " + e.getMessage();
    return new Trouble(
        isSpecError(e) ? INVALID_SPEC : "ControlPlane" + camel(e.code()), message, p);
  }

  public static Trouble invalidSpec(InvalidSpecException e) {
    return new Trouble(INVALID_SPEC, e.getMessage(), null);
  }

  /** The trouble a failed reconcile ends in. */
  public static Trouble of(Exception e) {
    return switch (e) {
      case ControlPlaneException cp -> of(cp);
      case TroubleException t -> t.trouble();
      case InvalidSpecException i -> invalidSpec(i);
      case KubernetesClientException k ->
          new Trouble("KubernetesApi", "the API server refused a write: " + k.getMessage(), null);
      default -> new Trouble("InternalError", e.toString(), null);
    };
  }

  /** True when only a new spec can help: no retry. */
  public boolean isInvalidSpec() {
    return INVALID_SPEC.equals(reason);
  }

  // 400: the body the spec made is refused; 422: so is what it asks for, unless it waits for
  // another resource.
  private static boolean isSpecError(ControlPlaneException e) {
    return e.status() == 400 || (e.status() == 422 && !WAITING_FOR_OTHERS.contains(e.code()));
  }

  /** {@code name-taken} → {@code NameTaken}; {@code http-502} → {@code Http502}. */
  static String camel(String code) {
    StringBuilder b = new StringBuilder();
    for (String part : (code == null ? "unknown" : code).split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT))
            .append(part.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return b.isEmpty() ? "Unknown" : b.toString();
  }
}
