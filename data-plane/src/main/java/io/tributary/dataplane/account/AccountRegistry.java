package io.tributary.dataplane.account;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.Verdict;
import io.tributary.dataplane.server.NodeLog;

/**
 * The accounts of a node. Without operator mode there is one, {@code $G}. In operator mode every
 * account is a JWT signed by a trusted operator, kept in the resolver directory (and loaded from it
 * at start), optionally preloaded from a directory of {@code *.jwt} files; a preloaded JWT replaces
 * a stored one only if it was issued later.
 */
public final class AccountRegistry {
  private final TrustedOperators trust;
  private final ResolverStore store;
  private final Account global;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  private AccountRegistry(TrustedOperators trust, ResolverStore store) {
    this.trust = trust;
    this.store = store;
    this.global = trust == null ? new Account(Account.GLOBAL, null) : null;
    if (global != null) {
      accounts.put(Account.GLOBAL, global);
    }
  }

  /** The single-account registry of a node without operator mode. */
  public static AccountRegistry global() {
    return new AccountRegistry(null, null);
  }

  /**
   * An operator-mode registry: loads the resolver directory, then applies the preload directory.
   */
  public static AccountRegistry operatorMode(
      TrustedOperators trust, Path resolverDir, Path preloadDir) {
    AccountRegistry r = new AccountRegistry(trust, new ResolverStore(resolverDir));
    long now = Instant.now().getEpochSecond();
    r.store.loadAll().forEach((id, jwt) -> r.load(id, jwt, now, false));
    if (preloadDir != null) {
      ResolverStore.readDir(preloadDir).forEach((name, jwt) -> r.load(name, jwt, now, true));
    }
    return r;
  }

  public boolean operatorMode() {
    return trust != null;
  }

  public TrustedOperators trust() {
    return trust;
  }

  /** The account for an id, or null. Without operator mode every id gives {@code $G}. */
  public Account get(String id) {
    return global != null ? global : accounts.get(id);
  }

  /** The global account ({@code $G}), or null in operator mode. */
  public Account globalAccount() {
    return global;
  }

  public Collection<Account> all() {
    return accounts.values();
  }

  /** The current claims of an account, for {@link io.tributary.auth.validation.AccountLookup}. */
  public AccountClaims claims(String id) {
    Account a = accounts.get(id);
    return a == null ? null : a.claims();
  }

  /**
   * Verifies and adds (or replaces) an account JWT. Expired accounts are kept, as nats-server's
   * full resolver keeps them; they refuse users when used. With {@code persist}, the JWT is stored
   * durably first.
   */
  private void load(String name, String jwt, long now, boolean persist) {
    Verdict<AccountClaims> v = trust.verifyAccount(jwt, now, false);
    if (!v.isAccepted()) {
      NodeLog.warn("account JWT " + name + " refused: " + v);
      return;
    }
    AccountClaims claims = v.value();
    Account existing = accounts.get(claims.subject);
    if (existing != null && existing.claims().issuedAt > claims.issuedAt) {
      return; // the stored JWT is newer
    }
    if (persist) {
      store.save(claims.subject, jwt);
    }
    if (existing != null) {
      existing.update(claims);
    } else {
      accounts.put(claims.subject, new Account(claims.subject, claims));
    }
  }

  /** Names of all accounts, for monitoring. */
  public List<String> names() {
    return accounts.keySet().stream().sorted().toList();
  }
}
