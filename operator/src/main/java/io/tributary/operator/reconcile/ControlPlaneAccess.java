package io.tributary.operator.reconcile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.controlplane.ControlPlaneClient;
import io.tributary.operator.crd.ControlPlaneRef;
import io.tributary.operator.crd.SecretKey;

/** A resource's {@code spec.controlPlane}: checked, and made a client with the Secret's token. */
public final class ControlPlaneAccess {
  private ControlPlaneAccess() {}

  /** What the operator checks of {@code spec.controlPlane} beyond the CRD's schema. */
  public static void validate(ControlPlaneRef ref) throws InvalidSpecException {
    if (ref == null || ref.url == null || ref.tokenSecret == null || ref.tokenSecret.name == null) {
      throw new InvalidSpecException(
          "spec.controlPlane needs url and tokenSecret.name (an operator-admin's API token)");
    }
    try {
      URI url = new URI(ref.url);
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new URISyntaxException(ref.url, "not http(s)://host[:port]");
      }
    } catch (URISyntaxException e) {
      throw new InvalidSpecException(
          "spec.controlPlane.url: an http(s) URL of the control plane's API, e.g."
              + " http://tributary-control:8080 ("
              + e.getMessage()
              + ")");
    }
  }

  /** A client of the control plane with the API token read from the Secret in {@code namespace}. */
  public static ControlPlaneClient client(
      KubernetesClient client, String namespace, ControlPlaneRef ref) throws TroubleException {
    return new ControlPlaneClient(ref.url, token(client, namespace, ref.tokenSecret));
  }

  private static String token(KubernetesClient client, String namespace, SecretKey ref)
      throws TroubleException {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    if (secret == null) {
      throw new TroubleException(
          "TokenSecretNotFound",
          "Secret " + ref.name + " (the control plane's API token) is not in " + namespace);
    }
    String key = ref.key == null ? "token" : ref.key;
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String token =
        data.containsKey(key)
            ? new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8)
            : secret.getStringData() == null ? null : secret.getStringData().get(key);
    if (token == null || token.isBlank()) {
      throw new TroubleException(
          "TokenSecretKeyMissing", "Secret " + ref.name + " has no key '" + key + "'");
    }
    return token.strip();
  }
}
