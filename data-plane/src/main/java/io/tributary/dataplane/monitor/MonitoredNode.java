package io.tributary.dataplane.monitor;

import java.time.Instant;
import java.util.List;

import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.ClientSnapshot;
import io.tributary.dataplane.cluster.Cluster;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.memory.MemoryBudget;
import io.tributary.dataplane.stats.ServerStats;

/** What monitoring reads of a node; the node implements it, so monitoring does not depend on it. */
public interface MonitoredNode {
  String serverId();

  String serverName();

  /** The NATS server version the node advertises. */
  String version();

  Instant started();

  ServerOptions options();

  ServerStats stats();

  /** The client port the node listens on. */
  int port();

  /** The monitoring port, or 0 if monitoring is off. */
  int httpPort();

  int connectionCount();

  /** Every open client connection, as it is now. */
  List<ClientSnapshot> clients();

  AccountRegistry accounts();

  /** The system account's id in operator mode, or null. */
  String systemAccount();

  /** True if the account may use JetStream on this node now. */
  default boolean jetStreamEnabled(Account account) {
    return false;
  }

  /** The node's memory budget, which every account's clients draw from. */
  MemoryBudget memory();

  /** The node's part of a cluster, or null when it has no routes. */
  default Cluster cluster() {
    return null;
  }

  /** What makes the node unhealthy now (JetStream storage problems), empty when healthy. */
  default List<String> healthProblems() {
    return List.of();
  }
}
