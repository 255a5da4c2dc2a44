package io.tributary.control.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.control.account.AccountEntity;
import io.tributary.control.api.ApiException;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Data-plane clusters and where nodes stand: what each node acknowledged per account ({@code
 * node_account}) compared with the accounts' current JWTs.
 */
@ApplicationScoped
public class ClusterService {
  @Inject AuditLog audit;
  @Inject PushWorker worker;
  @Inject Event<PushWorker.Changed> changed;

  /** One node's view of one account. */
  public record NodeState(
      String cluster, String url, boolean connected, String state, Instant at, String error) {}

  /** One node of a cluster: connected, and how many of its accounts are current or pending. */
  public record NodeSummary(
      String url,
      boolean connected,
      long accounts,
      long current,
      long pending,
      List<String> errors) {}

  public PanacheQuery<ClusterEntity> list() {
    return ClusterEntity.findAll(Sort.by("name"));
  }

  public ClusterEntity get(String name) {
    ClusterEntity c = ClusterEntity.byName(name);
    if (c == null) {
      throw new ApiException(404, "not-found", "no cluster named '" + name + "'");
    }
    return c;
  }

  @Transactional
  public ClusterEntity create(String name, List<String> urls, String description, Actor by) {
    if (ClusterEntity.byName(name) != null) {
      throw new ApiException(409, "name-taken", "a cluster named '" + name + "' exists");
    }
    ClusterEntity c = new ClusterEntity();
    c.name = name;
    c.urls = new ArrayList<>(urls);
    c.description = description;
    c.updatedAt = Instant.now();
    c.persist();
    changed.fire(new PushWorker.Changed());
    audit.record(by, "cluster.create", null, name, String.join(", ", urls));
    return c;
  }

  @Transactional
  public ClusterEntity update(
      String name, Long expectedVersion, List<String> urls, String description, Actor by) {
    ClusterEntity c = get(name);
    if (expectedVersion != null && c.version != expectedVersion) {
      throw new ApiException(
          412, "stale-version", "cluster '" + name + "' is at version " + c.version);
    }
    if (urls != null) {
      c.urls = new ArrayList<>(urls);
    }
    if (description != null) {
      c.description = description;
    }
    c.updatedAt = Instant.now();
    changed.fire(new PushWorker.Changed());
    audit.record(by, "cluster.update", null, name, String.join(", ", c.urls));
    return c;
  }

  @Transactional
  public void delete(String name, Actor by) {
    ClusterEntity c = get(name);
    c.delete();
    changed.fire(new PushWorker.Changed());
    audit.record(by, "cluster.delete", null, name, String.join(", ", c.urls));
  }

  /** Every node the account is placed on, and whether it holds the account's current JWT. */
  public List<NodeState> pushStatus(AccountEntity a) {
    String hash = PushWorker.hash(a.jwt);
    List<NodeState> out = new ArrayList<>();
    for (ClusterEntity c : ClusterEntity.<ClusterEntity>list("order by name")) {
      if (!a.clusterIds.isEmpty() && !a.clusterIds.contains(c.id)) {
        continue;
      }
      for (String url : c.urls) {
        Object[] row = nodeRow(url, a.publicKey);
        String held = row == null ? null : (String) row[0];
        String error = row == null ? null : (String) row[1];
        Instant at = row == null ? null : (Instant) row[2];
        String state = hash.equals(held) ? "current" : error != null ? "error" : "pending";
        out.add(new NodeState(c.name, url, worker.isConnected(url), state, at, error));
      }
    }
    return out;
  }

  /** Each node of the cluster with its counts of current and pending accounts. */
  public List<NodeSummary> status(ClusterEntity c) {
    List<AccountEntity> placed =
        AccountEntity.<AccountEntity>listAll().stream()
            .filter(a -> a.clusterIds.isEmpty() || a.clusterIds.contains(c.id))
            .toList();
    List<NodeSummary> out = new ArrayList<>();
    for (String url : c.urls) {
      long current = 0;
      List<String> errors = new ArrayList<>();
      for (AccountEntity a : placed) {
        Object[] row = nodeRow(url, a.publicKey);
        if (row != null && PushWorker.hash(a.jwt).equals(row[0])) {
          current++;
        } else if (row != null && row[1] != null) {
          errors.add(a.name + ": " + row[1]);
        }
      }
      out.add(
          new NodeSummary(
              url,
              worker.isConnected(url),
              placed.size(),
              current,
              placed.size() - current,
              errors));
    }
    return out;
  }

  private static Object[] nodeRow(String url, String key) {
    List<?> rows =
        ClusterEntity.getEntityManager()
            .createNativeQuery(
                "select jwt_hash, error, updated_at from node_account"
                    + " where node_url = ?1 and account_key = ?2",
                Object[].class)
            .setParameter(1, url)
            .setParameter(2, key)
            .getResultList();
    return rows.isEmpty() ? null : (Object[]) rows.get(0);
  }
}
