/**
 * {@code tributary bench js}: JetStream publishing side by side with Debian's nats-server — async
 * and sync publish with acks on file storage, memory storage, the disk's fdatasync latency as the
 * physical limit, fsyncs per acknowledged message (strace), peak resident memory, and recovery
 * after kill -9. Each server runs as its own process with its own store directory; the client is
 * jnats in this JVM, and its CPU is measured so that a client-bound figure says so.
 */
package io.tributary.bench.js;
