package io.tributary.control.custody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tributary.auth.nkey.NKey;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps nkey seeds: sealed with a fresh data key each, the data key wrapped by the current master
 * key (see {@link MasterKeySource}). Seeds leave the service only inside a creds file issued to a
 * user. Rotating the master key re-wraps every data key while the service runs.
 */
@ApplicationScoped
public class KeyCustody {
  private static final Logger LOG = Logger.getLogger(KeyCustody.class);
  private static final int BATCH = 200;
  private static final int CACHED_KEYS = 100_000;

  @ConfigProperty(name = "tributary.master-key")
  Optional<String> masterKey;

  @ConfigProperty(name = "tributary.master-key-file")
  Optional<String> masterKeyFile;

  @ConfigProperty(name = "tributary.data-dir")
  String dataDir;

  private volatile MasterKeySource.Keyring keyring;
  private volatile Map<Integer, SecretBox> boxes;
  private final Map<Long, NKey> opened = new ConcurrentHashMap<>();

  /** How many secrets each master key version wraps. */
  public record Status(int current, boolean fileBacked, Map<Integer, Long> secretsByVersion) {}

  @PostConstruct
  void init() {
    use(MasterKeySource.load(masterKey, masterKeyFile, Path.of(dataDir)));
  }

  /**
   * Refuses to start if a secret is wrapped by a version the keyring lacks; drops from a keyring
   * file the old versions no secret uses any more (a finished rotation).
   */
  void onStart(@Observes StartupEvent event) {
    Set<Integer> used = new HashSet<>(usedVersions());
    Set<Integer> missing = new HashSet<>(used);
    missing.removeAll(keyring.keys().keySet());
    if (!missing.isEmpty()) {
      throw new CustodyException(
          "secrets are wrapped by master key version(s) "
              + missing
              + ", which the configured keyring does not hold");
    }
    MasterKeySource.Keyring kept = keyring.retaining(used);
    if (kept.keys().size() != keyring.keys().size()) {
      LOG.infof("retired master key versions no secret uses; keyring now %s", kept.keys().keySet());
    }
    use(kept);
  }

  /** Seals {@code key}'s seed into a new secret row (in the caller's transaction). */
  public SecretEntity store(NKey key) {
    SecretBox box = boxes.get(keyring.current());
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
      secretIds.forEach(opened::remove);
    }
  }

  /**
   * The key whose seed {@code secretId} holds. Opened keys are kept in memory (secret ids are never
   * reused; a forgotten secret leaves the cache): signing creds then needs no query, decryption or
   * key derivation.
   */
  public NKey load(long secretId) {
    NKey cached = opened.get(secretId);
    if (cached != null) {
      return cached;
    }
    NKey key = open(secretId);
    if (opened.size() >= CACHED_KEYS) {
      opened.clear(); // crude but bounded; refills with what is in use
    }
    opened.put(secretId, key);
    return key;
  }

  private NKey open(long secretId) {
    SecretEntity s = SecretEntity.findById(secretId);
    if (s == null) {
      throw new CustodyException("no secret " + secretId);
    }
    SecretBox box = boxes.get(s.keyVersion);
    if (box == null) {
      throw new CustodyException(
          "secret " + secretId + " is wrapped by master key version " + s.keyVersion + ", unknown");
    }
    byte[] seed = box.open(new SecretBox.Sealed(s.keyVersion, s.wrappedKey, s.ciphertext));
    return NKey.fromSeed(new String(seed, StandardCharsets.US_ASCII));
  }

  public boolean isFileBacked() {
    return keyring.file().isPresent();
  }

  public Status status() {
    Map<Integer, Long> counts = new TreeMap<>();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                SecretEntity.getEntityManager()
                    .createQuery(
                        "select s.keyVersion, count(s) from SecretEntity s group by s.keyVersion",
                        Object[].class)
                    .getResultList()
                    .forEach(r -> counts.put((Integer) r[0], (Long) r[1])));
    return new Status(keyring.current(), isFileBacked(), counts);
  }

  /**
   * Makes {@code newKey} the current master key (version + 1; written to the keyring file first if
   * there is one) and re-wraps every data key with it, in batches of their own transactions, while
   * the service keeps serving: new secrets use the new key at once, old ones open with theirs until
   * they are re-wrapped. Returns how many were re-wrapped.
   */
  public synchronized int rotate(byte[] newKey) {
    use(keyring.with(newKey));
    int current = keyring.current();
    int total = 0;
    while (true) {
      int n = QuarkusTransaction.requiringNew().call(() -> rewrapBatch(current));
      if (n == 0) {
        return total;
      }
      total += n;
    }
  }

  private int rewrapBatch(int current) {
    List<SecretEntity> batch =
        SecretEntity.<SecretEntity>find("keyVersion <> ?1", current).page(0, BATCH).list();
    SecretBox next = boxes.get(current);
    for (SecretEntity s : batch) {
      SecretBox.Sealed moved =
          boxes
              .get(s.keyVersion)
              .rewrap(new SecretBox.Sealed(s.keyVersion, s.wrappedKey, s.ciphertext), next);
      s.keyVersion = moved.keyVersion();
      s.wrappedKey = moved.wrappedKey();
    }
    return batch.size();
  }

  private List<Integer> usedVersions() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                SecretEntity.getEntityManager()
                    .createQuery("select distinct s.keyVersion from SecretEntity s", Integer.class)
                    .getResultList());
  }

  private void use(MasterKeySource.Keyring k) {
    Map<Integer, SecretBox> b = new TreeMap<>();
    k.keys().forEach((v, key) -> b.put(v, new SecretBox(key, v)));
    boxes = b;
    keyring = k;
  }
}
