package io.tributary.operator.cluster;

import java.util.Locale;

import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryClusterStatus.Problem;

/**
 * What keeps a cluster from being as asked: the Degraded condition's reason (CamelCase, as
 * Kubernetes conditions want) and message, and the control plane's problem when it was one.
 */
public record Trouble(String reason, String message, Problem problem) {
  /** A refusal or failure of the control plane: reason {@code ControlPlane<Code>}. */
  public static Trouble of(ControlPlaneException e) {
    Problem p = new Problem();
    p.status = e.status();
    p.code = e.code();
    p.detail = e.detail();
    return new Trouble("ControlPlane" + camel(e.code()), "control plane: " + e.getMessage(), p);
  }

  public static Trouble invalidSpec(InvalidSpecException e) {
    return new Trouble("InvalidSpec", e.getMessage(), null);
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
