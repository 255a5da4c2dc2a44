/**
 * Data keys for encryption at rest: a random key per account (versioned, rotated online), kept
 * wrapped by the node's master key, destroyed with the account.
 */
package io.tributary.dataplane.keyring;
