/**
 * Stream storage: the {@link io.tributary.dataplane.store.StreamStore} contract and its memory and
 * file implementations. A store holds one stream's messages by sequence, with a per-subject index,
 * limits, deletes and purges; the file store acknowledges an append only once it is on disk.
 */
package io.tributary.dataplane.store;
