package io.tributary.dataplane.protocol;

/** What the {@link ClientDecoder} found, called in order on the connection's thread. */
public interface ProtocolHandler {
  /** CONNECT with its JSON argument. */
  void connect(String json);

  /**
   * PUB or HPUB. The message ({@code headerSize} header bytes, then the payload) is {@code size}
   * bytes of {@code buf} from {@code offset}; valid only during the call.
   *
   * @param reply the reply subject's bytes, or null
   * @param headerSize -1 for PUB
   */
  void publish(
      InternedSubject subject, byte[] reply, byte[] buf, int offset, int size, int headerSize);

  void subscribe(String subject, String queue, String sid);

  /** UNSUB; {@code max} is -1 when absent or not a number (unsubscribe at once). */
  void unsubscribe(String sid, long max);

  void ping();

  void pong();

  /** The decoder stopped at {@code error}; it will not call again. */
  void protocolError(ProtocolError error);

  /** The largest PUB/HPUB size accepted now (the connection's effective max payload). */
  int maxPayload();

  /** Whether HPUB is allowed (the client declared headers in CONNECT). */
  boolean headersEnabled();
}
