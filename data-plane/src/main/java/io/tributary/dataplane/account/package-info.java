/**
 * Accounts: isolated subject spaces, message routing within them, subscriptions, imports and
 * exports, the registry with its listeners, and the node's internal clients and per-account
 * services.
 */
package io.tributary.dataplane.account;
