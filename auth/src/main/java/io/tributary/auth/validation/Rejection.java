package io.tributary.auth.validation;

/**
 * Why an identity was refused. At connect time nats-server answers every one of these with {@code
 * -ERR 'Authorization Violation'}, except where noted; the reason is for logs, events and the
 * control plane.
 */
public enum Rejection {
  /** The token is not a decodable, correctly signed JWT of the expected kind. */
  INVALID_JWT,
  /** The claims fail validation (bad subjects, CIDRs, time ranges, keys, …). */
  INVALID_CLAIMS,
  /** {@code exp} has passed. */
  EXPIRED,
  /** {@code nbf} is in the future. */
  NOT_YET_VALID,
  /**
   * The account JWT is not signed by a trusted operator key (or by its identity key under strict
   * signing).
   */
  UNTRUSTED_ISSUER,
  /** The user's account is unknown to the resolver. */
  ACCOUNT_NOT_FOUND,
  /** The account JWT has expired. */
  ACCOUNT_EXPIRED,
  /**
   * The user JWT's issuer is neither the account key (unless strict) nor one of its signing keys.
   */
  UNKNOWN_SIGNER,
  /** A user signed by a scoped key carries permissions or limits of its own. */
  SCOPED_USER_HAS_PERMISSIONS,
  /** The scoped key's template does not expand for this user. */
  TEMPLATE_ERROR,
  /** A bearer user, but the account disallows bearer tokens. */
  BEARER_NOT_ALLOWED,
  /** The connection's type (STANDARD, WEBSOCKET, …) is not allowed. */
  CONNECTION_TYPE_NOT_ALLOWED,
  /** No nonce signature, and the user is not a bearer user. */
  MISSING_SIGNATURE,
  /** The nonce signature does not verify with the user's key. */
  BAD_SIGNATURE,
  /** Revoked by the account (by key or {@code "*"}), or an activation revoked by the export. */
  REVOKED,
  /** The client's address is outside the allowed networks. */
  SOURCE_NOT_ALLOWED,
  /** Outside every allowed connect time window. */
  OUTSIDE_TIME_WINDOW,
  /** An import's export does not exist, does not match, or its activation is missing or wrong. */
  NOT_AUTHORIZED_IMPORT
}
