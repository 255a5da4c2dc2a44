/**
 * Typed claims of NATS JWT v2 (operator, account, user, activation, generic), mirroring
 * nats-io/jwt: the JSON annotations reproduce Go's field order and {@code omitempty} rules so that
 * our tokens are byte-for-byte what the Go library writes, and unknown keys are kept.
 */
package io.tributary.auth.claims;
