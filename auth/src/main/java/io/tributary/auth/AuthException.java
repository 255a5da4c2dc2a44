package io.tributary.auth;

/**
 * Base of every error the identity library reports. Each subclass carries a typed reason, so
 * callers (the data plane turning reasons into {@code -ERR} lines, the control plane turning them
 * into problem details) branch on the reason and never on message text.
 */
public abstract class AuthException extends RuntimeException {

  protected AuthException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The typed reason, stable across releases. */
  public abstract Enum<?> reason();
}
