/**
 * Data-plane clusters and the push: placement, node links, node records, the outbox drain, node
 * resync, leadership, push status. Depends on {@code api}, {@code audit}, {@code claims}, {@code
 * console}, {@code custody}, {@code model} and {@code operator}; never on the features above.
 */
package io.tributary.control.cluster;
