package io.tributary.dataplane.keyring;

import java.io.IOException;
import java.util.TreeMap;

import io.tributary.dataplane.store.StoreKeys;

/**
 * One account's data keys, as its streams use them: the newest version seals new records, every
 * kept version opens old ones. {@link #rotate} adds a version online (new writes use it at once).
 */
public final class AccountKeys implements StoreKeys {
  private final Keyring keyring;
  private final String account;
  private final TreeMap<Integer, DataKey> versions; // guarded by this
  private volatile DataKey current;

  AccountKeys(Keyring keyring, String account, TreeMap<Integer, DataKey> versions) {
    this.keyring = keyring;
    this.account = account;
    this.versions = versions;
    this.current = versions.isEmpty() ? null : versions.lastEntry().getValue();
  }

  /** Adds a new version and makes it current; returns its number. */
  public synchronized int rotate() throws IOException {
    current = keyring.addVersion(account, versions);
    return current.version();
  }

  /**
   * Destroys every version older than the current one (once nothing is sealed under them any more:
   * after re-sealing). Returns how many went.
   */
  public synchronized int retireOlderVersions() throws IOException {
    TreeMap<Integer, DataKey> kept = new TreeMap<>(versions.tailMap(current.version(), true));
    int gone = versions.size() - kept.size();
    if (gone > 0) {
      keyring.keepVersions(account, kept);
      versions.headMap(current.version(), false).clear();
    }
    return gone;
  }

  /** The versions kept, oldest first. */
  public synchronized java.util.List<Integer> versions() {
    return java.util.List.copyOf(versions.keySet());
  }

  @Override
  public DataKey current() {
    return current;
  }

  @Override
  public synchronized DataKey version(int version) {
    return versions.get(version);
  }

  @Override
  public String owner() {
    return "account " + account;
  }
}
