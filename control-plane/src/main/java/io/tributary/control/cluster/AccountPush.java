package io.tributary.control.cluster;

import io.tributary.control.claims.DeleteRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends one account to one node, or deletes it there, and records what the node answered. Called on
 * the push worker's thread only.
 */
@ApplicationScoped
class AccountPush {
  @Inject NodeRepository nodes;
  @Inject DeleteRequest deleteRequest;

  /** Pushes {@code jwt} (account {@code key}) to the node; true if it took it. */
  boolean put(NodeLink link, String key, String jwt) {
    try {
      NodeLink.Result r = link.update(jwt);
      nodes.record(
          link.url(), key, r.ok() ? NodeRepository.hash(jwt) : null, r.ok() ? null : r.message());
      return r.ok();
    } catch (RuntimeException e) {
      nodes.record(link.url(), key, null, e.getMessage());
      return false;
    }
  }

  /** Deletes account {@code key} on the node; true if it did. */
  boolean delete(NodeLink link, String key) {
    try {
      NodeLink.Result r = link.delete(deleteRequest.sign(key));
      nodes.record(link.url(), key, null, r.ok() ? null : r.message());
      return r.ok();
    } catch (RuntimeException e) {
      nodes.record(link.url(), key, null, e.getMessage());
      return false;
    }
  }
}
