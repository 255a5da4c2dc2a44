package io.tributary.control.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tributary.control.model.AccountEntity;
import io.tributary.control.operator.OperatorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Brings a node that (re)connected up to date, with one request to learn what it holds: the account
 * keys of {@code $SYS.REQ.CLAIMS.LIST} are compared, in bulk, with what the database says the node
 * should hold and with the node's records (what it acknowledged). An account it lacks, or whose
 * current JWT it has not acknowledged, is pushed; an account it holds that is not placed there (and
 * is not the system account) is deleted; the rest is left alone, without a request per account. A
 * node's copy that changed behind the control plane's back (its resolver directory restored from an
 * older copy) is therefore corrected at the account's next change, not here. Only the push worker's
 * thread calls it.
 */
@ApplicationScoped
class NodeSync {
  private static final Logger LOG = Logger.getLogger(NodeSync.class);

  @Inject NodeLinks links;
  @Inject NodeRepository nodes;
  @Inject AccountPush push;
  @Inject OperatorService operators;

  /** What the node should hold and what the control plane knows it acknowledged. */
  private record Expected(Map<String, String> desired, String systemAccount) {}

  void sync(String url) {
    NodeLink link = links.get(url);
    if (link == null || !link.isConnected()) {
      return;
    }
    Expected expected =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    new Expected(
                        Placement.desiredOn(url, ClusterEntity.listAll(), AccountEntity.listAll()),
                        operators.bootstrap().systemAccount));
    Set<String> held = new HashSet<>(link.list());
    Map<String, NodeRepository.NodeRecord> acknowledged = nodes.byAccount(url);
    int pushed = 0;
    for (Map.Entry<String, String> e : expected.desired().entrySet()) {
      NodeRepository.NodeRecord r = acknowledged.get(e.getKey());
      if (held.contains(e.getKey()) && r != null && r.holds(e.getValue())) {
        continue;
      }
      push.put(link, e.getKey(), e.getValue());
      pushed++;
    }
    for (String key : List.copyOf(held)) {
      if (!expected.desired().containsKey(key) && !key.equals(expected.systemAccount())) {
        push.delete(link, key);
        pushed++;
      }
    }
    LOG.infof(
        "node %s in sync: %d accounts, %d pushed or deleted",
        url, expected.desired().size(), pushed);
  }
}
