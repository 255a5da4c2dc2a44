/**
 * The node's memory budget: what tenants' subscriptions and queued outbound bytes may take of the
 * heap and of direct memory, node-wide and per account, so that one tenant hits its own limit
 * before the node runs out.
 */
package io.tributary.dataplane.memory;
