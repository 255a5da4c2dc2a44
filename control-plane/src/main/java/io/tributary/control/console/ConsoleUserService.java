package io.tributary.control.console;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.tributary.control.audit.AuditLog;

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
    audit.record(
        AuditLog.SYSTEM, null, "console-user.create", ADMIN, "first start: operator-admin");
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
