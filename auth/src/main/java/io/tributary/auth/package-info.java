/**
 * NATS-compatible identities: nkeys ({@link io.tributary.auth.nkey}), JWT v2 encoding ({@link
 * io.tributary.auth.jwt}), typed claims ({@link io.tributary.auth.claims}), trust-chain validation
 * ({@link io.tributary.auth.validation}), creds files ({@link io.tributary.auth.creds}) and
 * subjects ({@link io.tributary.auth.subject}). Plain Java: no Vert.x, no Quarkus.
 */
package io.tributary.auth;
