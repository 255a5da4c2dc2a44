package io.tributary.control.cluster;

import java.util.List;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tributary.control.claims.PushOutbox;
import io.tributary.control.model.AccountEntity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Drains the push outbox: for each account with rows (oldest first, 100 a round), sends its current
 * JWT to every node it is placed on and deletes it from the nodes it is no longer on; the rows go
 * once every connected node took the change and no node is missing, else they stay and the account
 * is retried with {@link PushBackoff}. Only the push worker's thread calls it.
 */
@ApplicationScoped
class OutboxDrain {
  private static final int BATCH = 100;

  @Inject NodeLinks links;
  @Inject NodeRepository nodes;
  @Inject AccountPush push;

  private final PushBackoff backoff = new PushBackoff();

  /** A node came back: accounts waiting for it may go through now. */
  void nodeReturned() {
    backoff.clear();
  }

  /** One round: pushes the accounts whose outbox rows are due. */
  void drain() {
    List<Object[]> pending =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    PushOutbox.getEntityManager()
                        .createQuery(
                            "select o.accountKey, max(o.id) from PushOutbox o group by o.accountKey"
                                + " order by min(o.id)",
                            Object[].class)
                        .setMaxResults(BATCH)
                        .getResultList());
    long now = System.nanoTime();
    for (Object[] row : pending) {
      String key = (String) row[0];
      long upTo = (Long) row[1];
      if (!backoff.isDue(key, upTo, now)) {
        continue;
      }
      if (deliver(key)) {
        backoff.succeeded(key);
        QuarkusTransaction.requiringNew()
            .run(() -> PushOutbox.delete("accountKey = ?1 and id <= ?2", key, upTo));
      } else {
        backoff.failed(key, upTo, now);
      }
    }
  }

  /** True if every node that should hold (or drop) the account acknowledged. */
  private boolean deliver(String key) {
    record Target(AccountEntity account, List<ClusterEntity> clusters) {}
    Target t =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    new Target(
                        AccountEntity.find("publicKey", key).firstResult(),
                        ClusterEntity.listAll()));
    boolean all = true;
    for (String url : links.urls()) {
      NodeLink link = links.get(url);
      if (link == null || !link.isConnected()) {
        all = false; // brought up to date when it connects again
        continue;
      }
      if (t.account() != null && Placement.isOn(t.account(), url, t.clusters())) {
        all &= push.put(link, key, t.account().jwt);
      } else if (nodes.mayHold(url, key)) {
        all &= push.delete(link, key);
      }
    }
    return all;
  }
}
