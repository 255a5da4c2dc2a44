package io.tributary.dataplane.client;

import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.server.ServerOptions;
import io.tributary.dataplane.server.ServerStats;

/** What a connection needs from the server it belongs to. */
public interface ClientContext {
  ServerOptions options();

  ServerStats stats();

  String infoLine(long clientId, String clientIp);

  boolean authRequired();

  /** Checks CONNECT's credentials against the configured token or user and password. */
  boolean authenticate(ConnectOptions connect);

  /** Routes a message from {@code publisher}; returns how many subscriptions received it. */
  int route(
      ClientConnection publisher,
      InternedSubject subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize);

  void subscribe(Subscription sub);

  void unsubscribe(Subscription sub);

  void closed(ClientConnection client);
}
