/** NKeys: typed Ed25519 keys in the NATS text encoding (Base32 with a prefix byte and a CRC16). */
package io.tributary.auth.nkey;
