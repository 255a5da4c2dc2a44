package io.tributary.dataplane.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tributary.dataplane.account.Subscription;
import io.tributary.dataplane.protocol.ProtocolError;

/**
 * One client connection as monitoring and account advisories see it, taken at one moment by {@link
 * ClientConnection#snapshot}: who it is, what it declared in CONNECT, and its counters.
 *
 * @param account the account's name (null in operator mode before CONNECT)
 * @param user the authenticated user (the user's public key in operator mode), or null
 * @param nameTag the user JWT's name (nats-server's {@code name_tag}), or null
 * @param issuerKey the key that signed the user's JWT (the account or a signing key), or null
 * @param name the client's name from CONNECT, or null; likewise {@code lang}, {@code version} and
 *     {@code jwt}
 * @param idle time since the client last sent anything
 * @param subscriptions the connection's subscriptions (live objects: their counters move on)
 * @param closeReason nats-server's close reason, or null while the connection is open
 */
public record ClientSnapshot(
    long id,
    String account,
    String user,
    String nameTag,
    String issuerKey,
    String remoteIp,
    int remotePort,
    Instant start,
    Duration idle,
    String name,
    String lang,
    String version,
    String jwt,
    long inMsgs,
    long inBytes,
    long outMsgs,
    long outBytes,
    long pendingBytes,
    List<Subscription> subscriptions,
    String closeReason) {

  /** nats-server's close reason (as in its {@code ClosedState} names) for what closed a client. */
  static String closeReason(ProtocolError why) {
    if (why == null) {
      return "Client Closed";
    }
    return switch (why) {
      case SLOW_CONSUMER -> "Slow Consumer (Pending Bytes)";
      case STALE_CONNECTION -> "Stale Connection";
      case USER_REVOKED -> "Credentials Revoked";
      case ACCOUNT_EXPIRED, USER_EXPIRED -> "Authentication Expired";
      case MAX_ACCOUNT_CONNECTIONS -> "Maximum Account Connections Exceeded";
      case AUTHORIZATION_VIOLATION -> "Authentication Failure";
      case AUTHENTICATION_TIMEOUT -> "Authentication Timeout";
      case MAX_PAYLOAD -> "Maximum Payload Exceeded";
      case MAX_CONNECTIONS -> "Maximum Connections Exceeded";
      case MAX_SUBSCRIPTIONS -> "Maximum Subscriptions Exceeded";
      default -> "Protocol Violation";
    };
  }
}
