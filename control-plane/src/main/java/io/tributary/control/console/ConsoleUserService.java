package io.tributary.control.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.model.AccountEntity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Console users: passwords are kept as bcrypt hashes (cost 12). On first start the user {@code
 * admin} (operator-admin) is created with the password from {@code TRIBUTARY_ADMIN_PASSWORD}, or
 * with a generated one that is logged once.
 */
@ApplicationScoped
public class ConsoleUserService {
  private static final Logger LOG = Logger.getLogger(ConsoleUserService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COST = 12;
  static final String ADMIN = "admin";
  private static final String DUMMY_HASH = hash("not a password");

  @ConfigProperty(name = "tributary.admin-password")
  Optional<String> adminPassword;

  @Inject AuditLog audit;

  /** Principals by id, for a few seconds: most requests need no console_user query. */
  private final Map<Long, Cached> principals = new ConcurrentHashMap<>();

  private record Cached(Principal principal, long until) {}

  private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

  @Transactional
  void onStart(@Observes StartupEvent event) {
    if (ConsoleUser.count() > 0) {
      return;
    }
    boolean generated = adminPassword.isEmpty() || adminPassword.get().isBlank();
    String password = generated ? generatePassword() : adminPassword.get();
    ConsoleUser admin = new ConsoleUser();
    admin.username = ADMIN;
    admin.passwordHash = hash(password);
    admin.role = ConsoleUser.OPERATOR_ADMIN;
    admin.updatedAt = Instant.now();
    admin.persist();
    audit.record(Actor.SYSTEM, "console-user.create", null, ADMIN, "first start: operator-admin");
    if (generated) {
      LOG.infof(
          "created console user 'admin' with the generated password %s (shown once; set"
              + " TRIBUTARY_ADMIN_PASSWORD to choose it)",
          password);
    } else {
      LOG.info("created console user 'admin' with the password from TRIBUTARY_ADMIN_PASSWORD");
    }
  }

  /** The user if the password matches; empty otherwise (same work either way). */
  public Optional<ConsoleUser> authenticate(String username, String password) {
    ConsoleUser u = ConsoleUser.byUsername(username);
    if (u == null) {
      OpenBSDBCrypt.checkPassword(DUMMY_HASH, password.toCharArray()); // no timing oracle
      return Optional.empty();
    }
    return OpenBSDBCrypt.checkPassword(u.passwordHash, password.toCharArray())
        ? Optional.of(u)
        : Optional.empty();
  }

  /**
   * The console user as access decisions see it; empty if there is none. Changes made through this
   * service apply at once; made on another replica, within 5 seconds.
   */
  public Optional<Principal> principal(long id) {
    Cached c = principals.get(id);
    long now = System.nanoTime();
    if (c != null && now - c.until() < 0) {
      return Optional.of(c.principal());
    }
    // also called while authenticating, outside any request context
    Principal p =
        QuarkusTransaction.joiningExisting()
            .call(
                () -> {
                  ConsoleUser u = ConsoleUser.findById(id);
                  return u == null ? null : Principal.of(u);
                });
    if (p == null) {
      principals.remove(id);
      return Optional.empty();
    }
    principals.put(id, new Cached(p, now + CACHE_NANOS));
    return Optional.of(p);
  }

  /** What a console user is given: a role and, below operator-admin, accounts by name. */
  public record Grant(String role, List<String> accounts) {}

  public PanacheQuery<ConsoleUser> list() {
    return ConsoleUser.findAll(Sort.by("username"));
  }

  public ConsoleUser get(String username) {
    ConsoleUser u = ConsoleUser.byUsername(username);
    if (u == null) {
      throw ApiProblem.NOT_FOUND.exception("no console user '" + username + "'");
    }
    return u;
  }

  @Transactional
  public ConsoleUser create(String username, String password, Grant grant, Actor by) {
    if (ConsoleUser.byUsername(username) != null) {
      throw ApiProblem.NAME_TAKEN.exception("a console user '" + username + "' exists");
    }
    ConsoleUser u = new ConsoleUser();
    u.username = username;
    u.passwordHash = hash(password);
    apply(u, grant);
    u.updatedAt = Instant.now();
    u.persist();
    audit.record(by, "console-user.create", null, username, describe(u));
    return u;
  }

  /**
   * Changes role, accounts and/or password (null keeps the current value). A new password ends the
   * user's login tokens (their version is bumped); its API tokens stay.
   */
  @Transactional
  public ConsoleUser update(String username, String password, Grant grant, Actor by) {
    ConsoleUser u = get(username);
    if (grant != null) {
      boolean wasAdmin = ConsoleUser.OPERATOR_ADMIN.equals(u.role);
      apply(u, new Grant(grant.role() == null ? u.role : grant.role(), grant.accounts()));
      if (wasAdmin && !ConsoleUser.OPERATOR_ADMIN.equals(u.role)) {
        requireAnotherOperatorAdmin(u);
      }
    }
    if (password != null) {
      u.passwordHash = hash(password);
      u.tokenVersion++;
    }
    u.updatedAt = Instant.now();
    principals.remove(u.id);
    audit.record(
        by,
        "console-user.update",
        null,
        username,
        describe(u) + (password != null ? ", password changed" : ""));
    return u;
  }

  @Transactional
  public void delete(String username, Actor by) {
    ConsoleUser u = get(username);
    if (ConsoleUser.OPERATOR_ADMIN.equals(u.role)) {
      requireAnotherOperatorAdmin(u);
    }
    u.delete();
    principals.remove(u.id);
    audit.record(by, "console-user.delete", null, username, "was " + u.role);
  }

  /** The names of the accounts {@code u} may see, sorted. */
  public List<String> accountNames(Set<Long> accountIds) {
    if (accountIds.isEmpty()) {
      return List.of();
    }
    return AccountEntity.<AccountEntity>list("id in ?1", Sort.by("name"), accountIds).stream()
        .map(a -> a.name)
        .toList();
  }

  private void apply(ConsoleUser u, Grant grant) {
    u.role = grant.role();
    if (ConsoleUser.OPERATOR_ADMIN.equals(u.role)) {
      u.accountIds.clear(); // an operator-admin sees every account
      return;
    }
    if (grant.accounts() != null) {
      Set<Long> ids = new HashSet<>();
      for (String name : grant.accounts()) {
        AccountEntity a = AccountEntity.byName(name);
        if (a == null) {
          throw ApiProblem.UNKNOWN_ACCOUNT.exception("no account named '" + name + "'");
        }
        ids.add(a.id);
      }
      u.accountIds.clear();
      u.accountIds.addAll(ids);
    }
  }

  private String describe(ConsoleUser u) {
    return u.role
        + (u.accountIds.isEmpty() ? "" : " of " + String.join(", ", accountNames(u.accountIds)));
  }

  private static void requireAnotherOperatorAdmin(ConsoleUser u) {
    long others = ConsoleUser.count("role = ?1 and id <> ?2", ConsoleUser.OPERATOR_ADMIN, u.id);
    if (others == 0) {
      throw ApiProblem.LAST_OPERATOR_ADMIN.exception(
          "'" + u.username + "' is the last operator-admin");
    }
  }

  static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.toCharArray(), salt, COST);
  }

  private static String generatePassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder b = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
