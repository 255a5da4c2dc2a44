package io.tributary.control.cluster;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.control.api.ApiProblem;
import io.tributary.control.model.AccountEntity;

/**
 * Which accounts go to which clusters and nodes — the one place that says so. An account is on the
 * clusters its {@code clusterIds} name, or on every cluster when it names none; it is on a node if
 * it is on a cluster that lists the node's URL.
 */
public final class Placement {
  private Placement() {}

  /** The ids of the named clusters (for an account's {@code clusters}); 422 for an unknown one. */
  public static Set<Long> clusterIds(List<String> names) {
    Set<Long> ids = new HashSet<>();
    for (String n : names) {
      ClusterEntity c = ClusterEntity.byName(n);
      if (c == null) {
        throw ApiProblem.UNKNOWN_CLUSTER.exception("no cluster named '" + n + "'");
      }
      ids.add(c.id);
    }
    return ids;
  }

  /** True if {@code a} is placed on cluster {@code c}. */
  public static boolean isOn(AccountEntity a, ClusterEntity c) {
    return a.clusterIds.isEmpty() || a.clusterIds.contains(c.id);
  }

  /** True if {@code a} is placed on the node at {@code url}, given every cluster. */
  public static boolean isOn(AccountEntity a, String url, List<ClusterEntity> clusters) {
    return clusters.stream().anyMatch(c -> c.urls.contains(url) && isOn(a, c));
  }

  /** The accounts (key → JWT) the node at {@code url} should hold, of {@code accounts}. */
  public static Map<String, String> desiredOn(
      String url, List<ClusterEntity> clusters, List<AccountEntity> accounts) {
    Map<String, String> out = new LinkedHashMap<>();
    for (AccountEntity a : accounts) {
      if (isOn(a, url, clusters)) {
        out.put(a.publicKey, a.jwt);
      }
    }
    return out;
  }

  /** Every node URL of every cluster. */
  public static Set<String> nodes(List<ClusterEntity> clusters) {
    Set<String> all = new HashSet<>();
    clusters.forEach(c -> all.addAll(c.urls));
    return all;
  }
}
