package io.tributary.dataplane.protocol;

import java.util.List;

/** What the {@link RouteDecoder} found on a route, called in order on the route's thread. */
public interface RouteHandler {
  void info(String json);

  void connect(String json);

  void ping();

  void pong();

  /** {@code -ERR} from the other node, with its text. */
  void error(String message);

  /** {@code RS+ account subject [queue weight]}; queue null for a plain subscription. */
  void subscribe(String account, String subject, String queue, int weight);

  /** {@code RS- account subject [queue]}. */
  void unsubscribe(String account, String subject, String queue);

  /**
   * {@code RMSG} or {@code HMSG}: the message ({@code headerSize} header bytes, then the payload)
   * is {@code size} bytes of {@code buf} from {@code offset}, valid only during the call.
   *
   * @param queues the queue groups the sending node picked this node for
   * @param headerSize -1 for RMSG
   */
  void message(
      String account,
      InternedSubject subject,
      byte[] reply,
      List<String> queues,
      byte[] buf,
      int offset,
      int size,
      int headerSize);

  /** The decoder stopped: the route sent something that is not the route protocol. */
  void protocolError(String why);
}
