package io.tributary.dataplane.protocol;

/**
 * Errors a client connection can cause, with nats-server's exact {@code -ERR} text (clients match
 * on it) and whether the connection is closed. A null text closes without an {@code -ERR}, as
 * nats-server does for malformed arguments.
 */
public enum ProtocolError {
  UNKNOWN_OPERATION("Unknown Protocol Operation", true),
  MAX_CONTROL_LINE("maximum control line exceeded", true),
  MAX_PAYLOAD("Maximum Payload Violation", true),
  /**
   * Malformed arguments (wrong count, bad size, bad CONNECT JSON, HPUB without headers): closed
   * silently.
   */
  PARSE_ERROR(null, true),
  /** The client sent {@code -ERR}: closed silently. */
  CLIENT_ERROR(null, true),
  AUTHORIZATION_VIOLATION("Authorization Violation", true),
  AUTHENTICATION_TIMEOUT("Authentication Timeout", true),
  INVALID_CLIENT_PROTOCOL("invalid client protocol", true),
  NO_RESPONDERS_REQUIRES_HEADERS("no responders requires headers support", true),
  MAX_CONNECTIONS("maximum connections exceeded", true),
  MAX_ACCOUNT_CONNECTIONS("maximum account active connections exceeded", true),
  USER_REVOKED("User Authentication Revoked", true),
  USER_EXPIRED("User Authentication Expired", true),
  ACCOUNT_EXPIRED("Account Authentication Expired", true),
  /**
   * The user's signing key was removed from the account: closed without {@code -ERR}, as
   * nats-server does.
   */
  SIGNER_REMOVED(null, true),
  STALE_CONNECTION("Stale Connection", true),
  /**
   * Too much queued for a reader that does not keep up: what is queued is dropped and {@code -ERR
   * 'Slow Consumer'} is sent in its place, as nats-server does (it arrives only if the socket has
   * room: a reader that stopped reading altogether sees the connection close).
   */
  SLOW_CONSUMER("Slow Consumer", true),
  INVALID_SUBJECT("Invalid Subject", false),
  INVALID_PUBLISH_SUBJECT("Invalid Publish Subject", false),
  MAX_SUBSCRIPTIONS("maximum subscriptions exceeded", false);

  private final String text;
  private final boolean closes;

  ProtocolError(String text, boolean closes) {
    this.text = text;
    this.closes = closes;
  }

  /** The text inside {@code -ERR '…'}, or null if nothing is sent. */
  public String text() {
    return text;
  }

  public boolean closesConnection() {
    return closes;
  }

  /** The full line, {@code -ERR '<text>'\r\n}, or null. */
  public String line() {
    return text == null ? null : "-ERR '" + text + "'\r\n";
  }

  /** {@code -ERR 'Permissions Violation for Publish to "<subject>"'}. */
  public static String publishViolation(String subject) {
    return "-ERR 'Permissions Violation for Publish to \"" + subject + "\"'\r\n";
  }

  /**
   * {@code -ERR 'Permissions Violation for Subscription to "<subject>"'}, with the queue if any.
   */
  public static String subscriptionViolation(String subject, String queue) {
    String q = queue == null ? "" : " using queue \"" + queue + "\"";
    return "-ERR 'Permissions Violation for Subscription to \"" + subject + "\"" + q + "'\r\n";
  }
}
