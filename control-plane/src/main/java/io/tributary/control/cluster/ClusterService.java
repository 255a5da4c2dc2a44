package io.tributary.control.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.claims.PushRequested;
import io.tributary.control.model.AccountEntity;

import com.fasterxml.jackson.databind.JsonNode;

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
  @Inject NodeLinks links;
  @Inject NodeRepository nodes;
  @Inject Event<PushRequested> changed;

  /**
   * One node's view of one account; {@code link} is what went wrong last on the control plane's
   * connection to the node (null: nothing).
   */
  public record NodeState(
      String cluster,
      String url,
      boolean connected,
      String state,
      Instant at,
      String error,
      LinkError link) {}

  /**
   * One node of a cluster: connected, how many of its accounts are current or pending, the nodes'
   * refusals, and what went wrong last on the link to it (null: nothing).
   */
  public record NodeSummary(
      String url,
      boolean connected,
      long accounts,
      long current,
      long pending,
      List<String> errors,
      LinkError link) {}

  public PanacheQuery<ClusterEntity> list() {
    return ClusterEntity.findAll(Sort.by("name"));
  }

  public ClusterEntity get(String name) {
    ClusterEntity c = ClusterEntity.byName(name);
    if (c == null) {
      throw ApiProblem.NOT_FOUND.exception("no cluster named '" + name + "'");
    }
    return c;
  }

  @Transactional
  public ClusterEntity create(String name, List<String> urls, String description, Actor by) {
    if (ClusterEntity.byName(name) != null) {
      throw ApiProblem.NAME_TAKEN.exception("a cluster named '" + name + "' exists");
    }
    ClusterEntity c = new ClusterEntity();
    c.name = name;
    c.urls = new ArrayList<>(urls);
    c.description = description;
    c.updatedAt = Instant.now();
    c.persist();
    changed.fire(new PushRequested());
    audit.record(by, "cluster.create", null, name, String.join(", ", urls));
    return c;
  }

  @Transactional
  public ClusterEntity update(
      String name, Long expectedVersion, List<String> urls, String description, Actor by) {
    ClusterEntity c = get(name);
    if (expectedVersion != null && c.version != expectedVersion) {
      throw ApiProblem.STALE_VERSION.exception("cluster '" + name + "' is at version " + c.version);
    }
    if (urls != null) {
      c.urls = new ArrayList<>(urls);
    }
    if (description != null) {
      c.description = description;
    }
    c.updatedAt = Instant.now();
    changed.fire(new PushRequested());
    audit.record(by, "cluster.update", null, name, String.join(", ", c.urls));
    return c;
  }

  @Transactional
  public void delete(String name, Actor by) {
    ClusterEntity c = get(name);
    c.delete();
    changed.fire(new PushRequested());
    audit.record(by, "cluster.delete", null, name, String.join(", ", c.urls));
  }

  /** Every node the account is placed on, and whether it holds the account's current JWT. */
  public List<NodeState> pushStatus(AccountEntity a) {
    List<NodeState> out = new ArrayList<>();
    for (ClusterEntity c : ClusterEntity.<ClusterEntity>list("order by name")) {
      if (!Placement.isOn(a, c)) {
        continue;
      }
      for (String url : c.urls) {
        NodeRepository.NodeRecord r = nodes.find(url, a.publicKey);
        String error = r == null ? null : r.error();
        String state =
            r != null && r.holds(a.jwt) ? "current" : error != null ? "error" : "pending";
        out.add(
            new NodeState(
                c.name,
                url,
                links.isConnected(url),
                state,
                r == null ? null : r.at(),
                error,
                links.lastError(url)));
      }
    }
    return out;
  }

  /** What one node of a cluster reports about itself (its STATSZ). */
  public record NodeMetrics(
      String serverId,
      String name,
      String version,
      Instant start,
      long connections,
      long subscriptions,
      double cpu,
      long memory,
      long inMsgs,
      long inBytes,
      long outMsgs,
      long outBytes,
      long slowConsumers) {}

  /**
   * Each node's own report, asked of every connected node of the cluster (routed nodes answer for
   * each other), by node name; a node that answers nothing is missing.
   */
  public List<NodeMetrics> metrics(ClusterEntity c) {
    Map<String, NodeMetrics> byId = new TreeMap<>();
    for (String url : c.urls) {
      for (JsonNode r : links.statsz(url, c.urls.size())) {
        JsonNode s = r.path("server");
        JsonNode z = r.path("statsz");
        byId.putIfAbsent(
            s.path("id").asText(),
            new NodeMetrics(
                s.path("id").asText(),
                s.path("name").asText(),
                s.path("ver").asText(),
                z.hasNonNull("start") ? Instant.parse(z.path("start").asText()) : null,
                z.path("connections").asLong(),
                z.path("subscriptions").asLong(),
                z.path("cpu").asDouble(),
                z.path("mem").asLong(),
                z.path("received").path("msgs").asLong(),
                z.path("received").path("bytes").asLong(),
                z.path("sent").path("msgs").asLong(),
                z.path("sent").path("bytes").asLong(),
                z.path("slow_consumers").asLong()));
      }
    }
    return byId.values().stream().sorted(Comparator.comparing(NodeMetrics::name)).toList();
  }

  /** Each node of the cluster with its counts of current and pending accounts. */
  public List<NodeSummary> status(ClusterEntity c) {
    List<AccountEntity> placed =
        AccountEntity.<AccountEntity>listAll().stream().filter(a -> Placement.isOn(a, c)).toList();
    List<NodeSummary> out = new ArrayList<>();
    for (String url : c.urls) {
      Map<String, NodeRepository.NodeRecord> records = nodes.byAccount(url);
      long current = 0;
      List<String> errors = new ArrayList<>();
      for (AccountEntity a : placed) {
        NodeRepository.NodeRecord r = records.get(a.publicKey);
        if (r != null && r.holds(a.jwt)) {
          current++;
        } else if (r != null && r.error() != null) {
          errors.add(a.name + ": " + r.error());
        }
      }
      out.add(
          new NodeSummary(
              url,
              links.isConnected(url),
              placed.size(),
              current,
              placed.size() - current,
              errors,
              links.lastError(url)));
    }
    return out;
  }
}
