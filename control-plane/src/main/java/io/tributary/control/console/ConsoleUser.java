package io.tributary.control.console;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.hibernate.annotations.Generated;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A person or automation that uses the REST API, with one role and, below operator-admin, accounts.
 */
@Entity
@Table(name = "console_user")
public class ConsoleUser extends PanacheEntityBase {
  public static final String OPERATOR_ADMIN = "operator-admin";
  public static final String ACCOUNT_ADMIN = "account-admin";
  public static final String ACCOUNT_VIEWER = "account-viewer";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String username;

  @Column(name = "password_hash")
  public String passwordHash;

  public String role;

  /** In every login token; bumped by a password change, which ends the login tokens before it. */
  @Column(name = "token_version")
  public long tokenVersion;

  @Generated // read back on insert: the create answers with it
  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The accounts an account-admin or account-viewer may see; empty for an operator-admin. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "console_user_account",
      joinColumns = @JoinColumn(name = "console_user_id"))
  @Column(name = "account_id")
  public Set<Long> accountIds = new HashSet<>();

  @Version public long version;

  public static final Set<String> ROLES = Set.of(OPERATOR_ADMIN, ACCOUNT_ADMIN, ACCOUNT_VIEWER);

  public static ConsoleUser byUsername(String username) {
    return find("username", username).firstResult();
  }
}
