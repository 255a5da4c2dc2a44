package io.tributary.dataplane.account;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.validation.Activations;
import io.tributary.auth.validation.Rejection;
import io.tributary.auth.validation.TrustedOperators;
import io.tributary.auth.validation.Verdict;
import io.tributary.dataplane.log.NodeLog;
import io.tributary.dataplane.memory.MemoryBudget;

/**
 * The accounts of a node. Without operator mode there is one, {@code $G}. In operator mode every
 * account is a JWT signed by a trusted operator, kept in the resolver directory (and loaded from it
 * at start), optionally preloaded from a directory of {@code *.jwt} files; a preloaded JWT replaces
 * a stored one only if it was issued later.
 */
public final class AccountRegistry {
  private final TrustedOperators trust;
  private final ResolverStore store;
  private final MemoryBudget memory;
  private final Account global;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Map<String, String> jwts = new ConcurrentHashMap<>();
  private final List<StreamImport> streamImports = new ArrayList<>(); // guarded by this
  private final List<ServiceImport> serviceImports = new ArrayList<>(); // guarded by this
  private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();

  /** The outcome of a resolver request: HTTP-style code, the account it concerns, and a message. */
  public record Result(int code, String account, String message) {
    static Result ok(String account, String message) {
      return new Result(200, account, message);
    }

    static Result error(String account, String message) {
      return new Result(500, account, message);
    }

    public boolean isOk() {
      return code == 200;
    }
  }

  private AccountRegistry(TrustedOperators trust, ResolverStore store, MemoryBudget memory) {
    this.trust = trust;
    this.store = store;
    this.memory = memory;
    this.global = trust == null ? new Account(Account.GLOBAL, null, memory.share()) : null;
    if (global != null) {
      accounts.put(Account.GLOBAL, global);
    }
  }

  /** The single-account registry of a node without operator mode. */
  public static AccountRegistry global(MemoryBudget memory) {
    return new AccountRegistry(null, null, memory);
  }

  /**
   * A registry without operator mode but with configured accounts (nats-server's {@code accounts {
   * }} block): each an isolated subject space under its name (the claims' subject), with the
   * exports and imports of its claims (public exports only), beside {@code $G} for users outside
   * them.
   */
  public static AccountRegistry configured(Collection<AccountClaims> claims, MemoryBudget memory) {
    AccountRegistry r = new AccountRegistry(null, null, memory);
    for (AccountClaims c : claims) {
      r.accounts.put(c.subject, new Account(c.subject, c, memory.share()));
    }
    r.rebuildImports();
    return r;
  }

  /**
   * A configured registry's accounts as a reloaded configuration has them: new ones added, the
   * others' exports and imports replaced, those no longer configured removed (their connections are
   * the caller's to close: their users are gone with them).
   */
  public synchronized void reconfigure(Collection<AccountClaims> claims) {
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (AccountClaims c : claims) {
      kept.add(c.subject);
      Account existing = accounts.get(c.subject);
      if (existing == null) {
        Account account = new Account(c.subject, c, memory.share());
        accounts.put(c.subject, account);
        listeners.forEach(l -> l.added(account));
      } else {
        existing.update(c);
        listeners.forEach(l -> l.updated(existing));
      }
    }
    for (Account gone : List.copyOf(accounts.values())) {
      if (gone.claims() != null && !kept.contains(gone.name())) {
        accounts.remove(gone.name());
        gone.responses().close();
        listeners.forEach(l -> l.removed(gone));
      }
    }
    rebuildImports();
  }

  /**
   * An operator-mode registry: loads the resolver directory, then applies the preload directory.
   */
  public static AccountRegistry operatorMode(
      TrustedOperators trust, Path resolverDir, Path preloadDir, MemoryBudget memory) {
    AccountRegistry r = new AccountRegistry(trust, new ResolverStore(resolverDir), memory);
    long now = Instant.now().getEpochSecond();
    r.store.loadAll().forEach((id, jwt) -> r.load(id, jwt, now, false));
    if (preloadDir != null) {
      ResolverStore.readDir(preloadDir).forEach((name, jwt) -> r.load(name, jwt, now, true));
    }
    r.rebuildImports();
    return r;
  }

  /**
   * Adds a listener and tells it of every account there is now ({@link AccountListener#added}), so
   * accounts loaded at start and the global account are not missed.
   */
  public synchronized void addListener(AccountListener l) {
    listeners.add(l);
    accounts.values().forEach(l::added);
  }

  public void removeListener(AccountListener l) {
    listeners.remove(l);
  }

  /** The stored JWT of an account, or null. */
  public String jwt(String id) {
    Account a = accounts.get(id);
    return a == null ? null : jwts.get(id);
  }

  /**
   * Applies a pushed account JWT ({@code $SYS.REQ.CLAIMS.UPDATE}). Unlike nats-server we refuse a
   * JWT that no trusted operator signed, and one older than the stored one; {@code expectedId}
   * (from the subject) must match.
   */
  public synchronized Result update(String jwt, String expectedId) {
    AccountClaims claims;
    try {
      claims = JwtCodec.decode(jwt.trim(), AccountClaims.class);
    } catch (JwtException e) {
      return Result.error(
          expectedId == null ? "n/a" : expectedId,
          "jwt update resulted in error - " + e.getMessage());
    }
    String id = claims.subject;
    if (expectedId != null && !expectedId.equals(id)) {
      return Result.error(expectedId, "subject does not match jwt content");
    }
    Verdict<AccountClaims> v = trust.verifyAccount(claims, Instant.now().getEpochSecond(), false);
    if (!v.isAccepted()) {
      String why = v.reason() == Rejection.INVALID_CLAIMS ? "jwt validation failed" : "not trusted";
      return Result.error(id, why + " - " + ((Verdict.Rejected<AccountClaims>) v).detail());
    }
    Account existing = accounts.get(id);
    if (existing != null && existing.claims().issuedAt > claims.issuedAt) {
      return Result.error(
          id,
          "jwt update resulted in error - older than the stored JWT (issued "
              + claims.issuedAt
              + " < "
              + existing.claims().issuedAt
              + ")");
    }
    store.save(id, jwt.trim());
    jwts.put(id, jwt.trim());
    if (existing == null) {
      Account account = new Account(id, claims, memory.share());
      accounts.put(id, account);
      rebuildImports();
      listeners.forEach(l -> l.added(account));
    } else {
      existing.update(claims);
      rebuildImports();
      listeners.forEach(l -> l.updated(existing));
    }
    return Result.ok(id, "jwt updated");
  }

  /**
   * Deletes accounts ({@code $SYS.REQ.CLAIMS.DELETE}): the request is a generic JWT self-signed
   * ({@code sub == iss}) by a trusted operator key, naming the accounts in {@code nats.accounts}.
   * The system account cannot be deleted.
   */
  public synchronized Result delete(String requestJwt, String systemAccount) {
    GenericClaims req;
    try {
      req = JwtCodec.decode(requestJwt.trim(), GenericClaims.class);
    } catch (JwtException e) {
      return Result.error("n/a", "malformed request - " + e.getMessage());
    }
    if (!req.issuer.equals(req.subject)) {
      return Result.error("n/a", "not self signed");
    }
    if (!trust.isTrustedIssuer(req.issuer)) {
      return Result.error("n/a", "not trusted");
    }
    if (!(req.nats.get("accounts") instanceof List<?> ids)) {
      return Result.error("n/a", "malformed request - no accounts");
    }
    int deleted = 0;
    int failed = 0;
    for (Object o : ids) {
      String id = String.valueOf(o);
      Account a = accounts.get(id);
      if (id.equals(systemAccount)) {
        return Result.error(id, "not allowed to delete system account");
      }
      if (a == null) {
        failed++;
        continue;
      }
      store.delete(id);
      accounts.remove(id);
      a.responses().close();
      jwts.remove(id);
      deleted++;
      rebuildImports();
      listeners.forEach(l -> l.removed(a));
    }
    return Result.ok(
        "n/a", "deleted " + deleted + " accounts" + (failed == 0 ? "" : ", failed for " + failed));
  }

  /**
   * Re-creates every stream and service import from the current account JWTs: an import is active
   * only while its export exists, matches and (for private exports) its activation is valid. Called
   * after every change, so a removed export or a revoked activation stops the flow at once.
   */
  private synchronized void rebuildImports() {
    streamImports.forEach(StreamImport::remove);
    streamImports.clear();
    serviceImports.forEach(ServiceImport::remove);
    serviceImports.clear();
    long now = Instant.now().getEpochSecond();
    for (Account importer : accounts.values()) {
      if (importer.claims() == null) {
        continue; // $G imports nothing
      }
      for (Import imp : importer.claims().nats.imports) {
        if (imp.subject == null || imp.type == null) {
          continue;
        }
        Account exporter = accounts.get(imp.account);
        if (exporter == null) {
          continue; // incomplete until the exporter's JWT arrives
        }
        Verdict<Export> v = Activations.authorize(imp, importer.name(), exporter.claims(), now);
        if (!v.isAccepted()) {
          NodeLog.warn("import " + imp.subject + " of " + importer.name() + " not active: " + v);
        } else if (imp.type == ExportType.STREAM) {
          streamImports.add(new StreamImport(exporter, importer, imp));
        } else {
          serviceImports.add(new ServiceImport(exporter, importer, imp, v.value()));
        }
      }
    }
  }

  /** Drops response routes whose threshold passed. */
  public void sweepResponses(long nowNanos) {
    accounts.values().forEach(a -> a.responses().sweep(nowNanos));
  }

  public boolean operatorMode() {
    return trust != null;
  }

  public TrustedOperators trust() {
    return trust;
  }

  /**
   * The account for an id, or null. Without operator mode a configured account by its name, and
   * every other id gives {@code $G}.
   */
  public Account get(String id) {
    Account a = id == null ? null : accounts.get(id);
    return a != null || global == null ? a : global;
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
    jwts.put(claims.subject, jwt);
    if (existing != null) {
      existing.update(claims);
    } else {
      accounts.put(claims.subject, new Account(claims.subject, claims, memory.share()));
    }
  }

  /** Names of all accounts, for monitoring. */
  public List<String> names() {
    return accounts.keySet().stream().sorted().toList();
  }
}
