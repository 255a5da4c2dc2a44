package io.tributary.operator.account;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.crd.TributaryAccount;

/**
 * What an {@code account} field names: a {@link TributaryAccount} in the same namespace (then its
 * account's name in the control plane), else an account's name in the control plane.
 *
 * @param resource the TributaryAccount, or null when the name is the control plane's
 */
public record AccountRef(String accountName, TributaryAccount resource) {
  public static AccountRef resolve(KubernetesClient client, String namespace, String ref) {
    TributaryAccount resource =
        client.resources(TributaryAccount.class).inNamespace(namespace).withName(ref).get();
    return new AccountRef(resource == null ? ref : nameOf(resource), resource);
  }

  /** The account's name in the control plane: {@code spec.accountName}, else the resource's. */
  public static String nameOf(TributaryAccount account) {
    String n = account.getSpec().accountName;
    return n == null || n.isBlank() ? account.getMetadata().getName() : n;
  }
}
