package io.tributary.dataplane.server;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.dataplane.client.ClientConnection;

/**
 * The node's open client connections, bounded by {@code max-connections}. Connections are accepted
 * on every event loop at once, so admission reserves a slot atomically before the connection is
 * added: the count never exceeds the limit, however many connect together.
 */
final class ClientTable {
  private final int max;
  private final AtomicInteger count = new AtomicInteger();
  private final Map<Long, ClientConnection> clients = new ConcurrentHashMap<>();

  ClientTable(int max) {
    this.max = max;
  }

  /** Adds {@code client} if there is room; false if the node is full. */
  boolean admit(ClientConnection client) {
    while (true) {
      int n = count.get();
      if (n >= max) {
        return false;
      }
      if (count.compareAndSet(n, n + 1)) {
        clients.put(client.id(), client);
        return true;
      }
    }
  }

  /** Removes a connection; one that was never admitted is ignored. */
  void remove(ClientConnection client) {
    if (clients.remove(client.id(), client)) {
      count.decrementAndGet();
    }
  }

  int size() {
    return count.get();
  }

  boolean isEmpty() {
    return clients.isEmpty();
  }

  Collection<ClientConnection> all() {
    return clients.values();
  }
}
