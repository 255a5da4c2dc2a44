/**
 * Client connections: protocol handling per connection, subscriptions, outbound buffering and slow
 * consumers.
 */
package io.tributary.dataplane.client;
