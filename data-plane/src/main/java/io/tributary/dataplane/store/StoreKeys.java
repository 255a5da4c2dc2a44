package io.tributary.dataplane.store;

import javax.crypto.SecretKey;

/**
 * The data keys a tenant's streams are encrypted under: the current one for new records, and older
 * versions for records written before a rotation. Implementations keep them wrapped by the node's
 * master key; a destroyed key (the account was deleted) is simply no longer there, which makes its
 * records unreadable wherever their files went (crypto-shredding).
 */
public interface StoreKeys {
  /** A data key: a 256-bit AES key and its version, recorded in every record it sealed. */
  record DataKey(int version, SecretKey key) {}

  /** The key new records are sealed with. */
  DataKey current();

  /** The key of a version, or null if it is unknown or destroyed. */
  DataKey version(int version);

  /** What to name in errors: whose keys these are. */
  String owner();
}
