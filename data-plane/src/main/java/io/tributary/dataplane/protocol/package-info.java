/**
 * The NATS client protocol: the decoder (a state machine over incoming buffers), the exact {@code
 * -ERR} texts, and the CONNECT and INFO documents.
 */
package io.tributary.dataplane.protocol;
