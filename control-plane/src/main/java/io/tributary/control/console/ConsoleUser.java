package io.tributary.control.console;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A person or automation that uses the REST API, with one role. */
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

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  public static ConsoleUser byUsername(String username) {
    return find("username", username).firstResult();
  }
}
