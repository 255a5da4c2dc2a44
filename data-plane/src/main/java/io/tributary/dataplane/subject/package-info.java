/**
 * The subscription index: a per-account trie with wildcard branches and a precisely invalidated
 * match cache.
 */
package io.tributary.dataplane.subject;
