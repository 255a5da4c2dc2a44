/**
 * NATS JWT v2 encoding and decoding on nimbus-jose-jwt, with the {@code ed25519-nkey} signature
 * scheme.
 */
package io.tributary.auth.jwt;
