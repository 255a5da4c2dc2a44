/**
 * Client connections: protocol handling per connection, permissions and limits, outbound buffering
 * and slow consumers, and snapshots for monitoring.
 */
package io.tributary.dataplane.client;
