/**
 * The {@code .creds} file format: a user JWT and its seed in the armour every NATS client reads.
 */
package io.tributary.auth.creds;
