package io.tributary.control.custody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tributary.auth.nkey.NKey;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps nkey seeds: sealed with a fresh data key each, the data key wrapped by the master key (see
 * {@link MasterKeySource}). Seeds leave the service only inside a creds file issued to a user.
 */
@ApplicationScoped
public class KeyCustody {
  @ConfigProperty(name = "tributary.master-key")
  Optional<String> masterKey;

  @ConfigProperty(name = "tributary.master-key-file")
  Optional<String> masterKeyFile;

  @ConfigProperty(name = "tributary.data-dir")
  String dataDir;

  private SecretBox box;

  @PostConstruct
  void init() {
    box = new SecretBox(MasterKeySource.load(masterKey, masterKeyFile, Path.of(dataDir)), 1);
  }

  /** Seals {@code key}'s seed into a new secret row (in the caller's transaction). */
  public SecretEntity store(NKey key) {
    SecretBox.Sealed sealed = box.seal(key.seed().getBytes(StandardCharsets.US_ASCII));
    SecretEntity s = new SecretEntity();
    s.keyVersion = sealed.keyVersion();
    s.wrappedKey = sealed.wrappedKey();
    s.ciphertext = sealed.ciphertext();
    s.persist();
    return s;
  }

  /** Deletes sealed seeds that nothing refers to any more (in the caller's transaction). */
  public void forget(Collection<Long> secretIds) {
    if (!secretIds.isEmpty()) {
      SecretEntity.getEntityManager().flush(); // the rows that referred to them go first
      SecretEntity.delete("id in ?1", secretIds);
    }
  }

  /** The key whose seed {@code secretId} holds. */
  public NKey load(long secretId) {
    SecretEntity s = SecretEntity.findById(secretId);
    if (s == null) {
      throw new CustodyException("no secret " + secretId);
    }
    byte[] seed = box.open(new SecretBox.Sealed(s.keyVersion, s.wrappedKey, s.ciphertext));
    return NKey.fromSeed(new String(seed, StandardCharsets.US_ASCII));
  }
}
