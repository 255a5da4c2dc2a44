package io.tributary.control.audit;

/**
 * Who makes a change and from where, as the audit log records it.
 *
 * @param name the console user ({@code alice}), with the API token it used ({@code
 *     alice[token:ci]}) or {@link AuditLog#SYSTEM}
 * @param source the client's address, or null
 */
public record Actor(String name, String source) {
  /** The service itself (first-start bootstrap, background work). */
  public static final Actor SYSTEM = new Actor(AuditLog.SYSTEM, null);

  /** Someone not signed in (a refused login); not a console user's name, which has no '('. */
  public static Actor anonymous(String source) {
    return new Actor("(anonymous)", source);
  }
}
